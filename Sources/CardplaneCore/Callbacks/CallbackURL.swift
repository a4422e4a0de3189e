/// An absolute `http` or `https` URL a merchant's callbacks are POSTed to, split into what a client
/// that resolves and connects by itself needs: scheme, host, port and request target.
///
/// Only what a callback endpoint needs is accepted: printable ASCII, no user info (`user@host`),
/// a host name or an IP literal (`[2001:db8::1]` for IPv6), an optional port; a fragment is dropped.
public struct CallbackURL: Sendable, Equatable, CustomStringConvertible {
    public enum Scheme: String, Sendable {
        case http, https

        public var defaultPort: Int { self == .https ? 443 : 80 }
    }

    /// Longest URL accepted.
    public static let lengthMax = 2_048

    public let scheme: Scheme
    /// The host name in lower case, or the IP literal without brackets.
    public let host: String
    public let port: Int
    /// Path and query, `/` at least.
    public let target: String

    /// The host as an address when the URL names one directly.
    public var address: IPAddress? { IPAddress(host) }

    public init?(_ text: String) {
        guard text.count <= Self.lengthMax, text.unicodeScalars.allSatisfy({ (0x21...0x7e).contains($0.value) }),
            let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://"),
            let scheme = Scheme(rawValue: text[..<colon].lowercased())
        else { return nil }
        let rest = text[text.index(colon, offsetBy: 3)...].prefix { $0 != "#" }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        guard let (host, port) = Self.authority(rest[..<authorityEnd], scheme: scheme) else { return nil }
        let target = rest[authorityEnd...]
        self.scheme = scheme
        self.host = host
        self.port = port
        self.target = target.first == "/" ? String(target) : "/" + target
    }

    /// `host[:port]` or `[ipv6][:port]`.
    private static func authority(_ text: Substring, scheme: Scheme) -> (String, Int)? {
        guard !text.contains("@") else { return nil }
        let host: Substring
        let portText: Substring?
        if text.first == "[" {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            guard after.isEmpty || after.first == ":" else { return nil }
            portText = after.isEmpty ? nil : after.dropFirst()
            guard host.contains(":"), IPAddress(String(host)) != nil else { return nil }
        } else {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count) else { return nil }
            host = parts[0]
            portText = parts.count == 2 ? parts[1] : nil
            let labels = host.split(separator: ".", omittingEmptySubsequences: false)
            guard !host.isEmpty, host.count <= 253,
                labels.allSatisfy({ label in
                    (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                        && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
                })
            else { return nil }
        }
        var port = scheme.defaultPort
        if let portText {
            guard (1...5).contains(portText.count), portText.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(portText), (1...65_535).contains(value)
            else { return nil }
            port = value
        }
        return (host.lowercased(), port)
    }

    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let shownPort = port == scheme.defaultPort ? "" : ":\(port)"
        return "\(scheme.rawValue)://\(shownHost)\(shownPort)\(target)"
    }
}
