/// A merchant's PCI card display (spec §6, §13): whether it may see card secrets at all, which parent
/// pages may frame the hosted card page, the host names the page may be served under, and how the
/// card looks.
public struct PCIDisplaySettings: Sendable, Equatable {
    /// Private info and the hosted page answer 1013 when off.
    public var enabled: Bool
    /// Origins (`https://wallet.example`, `http://127.0.0.1:9101`) whose pages may embed the card
    /// (1015 otherwise; also the CSP `frame-ancestors`).
    public var allowedOrigins: [String]
    /// `host[:port]` values the hosted page may be requested under (1016 otherwise).
    public var hostedHosts: [String]
    public var style: CardStyle

    public init(enabled: Bool, allowedOrigins: [String] = [], hostedHosts: [String] = [], style: CardStyle = .init()) {
        self.enabled = enabled
        self.allowedOrigins = allowedOrigins
        self.hostedHosts = hostedHosts
        self.style = style
    }

    /// Most origins or hosts one merchant may list.
    public static let entriesMax = 16

    /// `scheme://host[:port]` with scheme http or https, lower-cased, no path, query or user info;
    /// `nil` for anything else.
    public static func normalizedOrigin(_ text: String) -> String? {
        let lowered = text.lowercased()
        for scheme in ["https://", "http://"] where lowered.hasPrefix(scheme) {
            let authority = String(lowered.dropFirst(scheme.count))
            guard let host = normalizedHost(authority) else { return nil }
            return scheme + host
        }
        return nil
    }

    /// `host[:port]` of letters, digits, `.`, `-` (and a numeric port ≤ 65535), lower-cased; `nil` otherwise.
    public static func normalizedHost(_ text: String) -> String? {
        let lowered = text.lowercased()
        let parts = lowered.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let name = parts.first, (1...253).contains(name.count),
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
        else { return nil }
        if parts.count == 2 {
            guard let port = Int(parts[1]), (1...65_535).contains(port), String(port) == parts[1] else { return nil }
        }
        return lowered
    }
}

/// How the hosted card looks: colours and font, chosen by the operator for the merchant.
public struct CardStyle: Sendable, Equatable, Codable {
    public var background: String
    public var textColor: String
    public var accent: String
    /// A font family name the merchant's users have locally (nothing is loaded from a third party).
    public var font: String

    public init(
        background: String = "#1f2a44",
        textColor: String = "#ffffff",
        accent: String = "#7aa2ff",
        font: String = "system-ui"
    ) {
        self.background = background
        self.textColor = textColor
        self.accent = accent
        self.font = font
    }

    enum CodingKeys: String, CodingKey {
        case background
        case textColor = "text_color"
        case accent, font
    }

    /// `#rrggbb`.
    public static func isColor(_ text: String) -> Bool {
        text.count == 7 && text.first == "#" && text.dropFirst().allSatisfy(\.isHexDigit)
    }

    /// 1–64 letters, digits, spaces and `-`: safe inside CSS without quoting tricks.
    public static func isFont(_ text: String) -> Bool {
        (1...64).contains(text.count)
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " " || $0 == "-") }
    }

    /// Whether every value is well formed.
    public var isValid: Bool {
        [background, textColor, accent].allSatisfy(Self.isColor) && Self.isFont(font)
    }
}
