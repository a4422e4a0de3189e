/// Where a merchant's callbacks may go (threat model: "callbacks cannot be intercepted or turned
/// inward"; ADR 0014).
///
/// A callback carries card data and an `Auth` answer approves spends, so outside the sandbox it
/// travels over `https` only; and a merchant who sets its URL to a name that resolves inside our
/// network must not make Cardplane call that network. Addresses outside the public internet are
/// refused at connect time unless the operator allows their network.
public struct CallbackDestinationPolicy: Sendable, Equatable {
    /// Whether `http://` URLs are used (a `--sandbox` server only).
    public var allowsPlainHTTP: Bool
    /// Networks the operator allows although they are not public (`--callback-allow-network`).
    public var allowedNetworks: [CIDRBlock]

    public init(allowsPlainHTTP: Bool = false, allowedNetworks: [CIDRBlock] = []) {
        self.allowsPlainHTTP = allowsPlainHTTP
        self.allowedNetworks = allowedNetworks
    }

    /// Why a callback may not go somewhere; its description is written to the delivery log.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case invalidURL
        case plainHTTP
        case nonPublicAddress(IPAddress, range: String)

        public var description: String {
            switch self {
            case .invalidURL:
                return "refused: the callback URL is not an absolute http(s) URL"
            case .plainHTTP:
                return "refused: the callback URL is http://; outside --sandbox callbacks go to https:// URLs only"
            case .nonPublicAddress(let address, let range):
                return "refused: \(address) is a \(range) address (allow it with --callback-allow-network)"
            }
        }
    }

    /// The URL parsed, if its scheme may be used.
    public func check(url text: String) throws(Refusal) -> CallbackURL {
        guard let url = CallbackURL(text) else { throw .invalidURL }
        guard url.scheme == .https || allowsPlainHTTP else { throw .plainHTTP }
        return url
    }

    /// Throws unless `address` is public or in an allowed network.
    public func check(address: IPAddress) throws(Refusal) {
        guard let range = address.nonPublicRange, !allowedNetworks.contains(where: { $0.contains(address) }) else {
            return
        }
        throw .nonPublicAddress(address, range: range)
    }
}

extension IPAddress {
    /// The kind of non-public range the address lies in (`loopback`, `private`, …), or `nil` for a
    /// public address. IPv6 forms that carry an IPv4 address (IPv4-mapped, -compatible, NAT64,
    /// 6to4) are judged by the IPv4 address they carry.
    public var nonPublicRange: String? {
        if isIPv4 { return Self.ipv4Ranges.first { $0.block.contains(self) }?.name }
        if let range = Self.ipv6Ranges.first(where: { $0.block.contains(self) })?.name { return range }
        let carried = Array(bytes.suffix(4))
        if Self.ipv4Compatible.contains(self) {
            return IPAddress(unchecked: carried).nonPublicRange ?? "IPv4-compatible (deprecated)"
        }
        if Self.nat64.contains(self) { return IPAddress(unchecked: carried).nonPublicRange }
        if Self.sixToFour.contains(self) { return IPAddress(unchecked: Array(bytes[2..<6])).nonPublicRange }
        return nil
    }

    private static let ipv4Compatible = CIDRBlock("::/96")!
    private static let nat64 = CIDRBlock("64:ff9b::/96")!
    private static let sixToFour = CIDRBlock("2002::/16")!

    private static func ranges(_ list: [(String, String)]) -> [(block: CIDRBlock, name: String)] {
        list.map { (CIDRBlock($0.0)!, $0.1) }
    }

    /// RFC 6890's special-purpose IPv4 ranges that are not globally reachable.
    private static let ipv4Ranges = ranges([
        ("0.0.0.0/8", "unspecified"), ("10.0.0.0/8", "private"), ("100.64.0.0/10", "shared (carrier NAT)"),
        ("127.0.0.0/8", "loopback"), ("169.254.0.0/16", "link-local"), ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "special-purpose"), ("192.0.2.0/24", "documentation"), ("192.168.0.0/16", "private"),
        ("198.18.0.0/15", "benchmarking"), ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"), ("224.0.0.0/4", "multicast"), ("240.0.0.0/4", "reserved"),
    ])

    /// The same for IPv6.
    private static let ipv6Ranges = ranges([
        ("::/128", "unspecified"), ("::1/128", "loopback"), ("100::/64", "discard"),
        ("2001:db8::/32", "documentation"), ("fc00::/7", "private (unique local)"), ("fe80::/10", "link-local"),
        ("fec0::/10", "private (site-local)"), ("ff00::/8", "multicast"),
    ])
}
