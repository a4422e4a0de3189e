/// A block of addresses in CIDR notation (`203.0.113.0/24`, `2001:db8::/32`); a bare address is a
/// block of one (`/32` or `/128`).
public struct CIDRBlock: Sendable, Hashable, CustomStringConvertible {
    public let network: IPAddress
    public let prefixLength: Int

    /// Parses `address[/prefix]`; host bits set in `address` are cleared, so `10.1.2.3/8` is `10.0.0.0/8`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(String(parts[0])) else { return nil }
        let maxLength = address.bytes.count * 8
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy({ ("0"..."9").contains($0) }),
                let length = Int(parts[1]), length <= maxLength
            else { return nil }
            prefixLength = length
        } else {
            prefixLength = maxLength
        }
        network = IPAddress(masking: address, prefixLength: prefixLength)
    }

    /// Whether `address` lies in this block. IPv4 never matches an IPv6 block and vice versa.
    public func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        return IPAddress(masking: address, prefixLength: prefixLength) == network
    }

    public var description: String { "\(network)/\(prefixLength)" }
}

extension IPAddress {
    /// `address` with every bit after the first `prefixLength` cleared.
    fileprivate init(masking address: IPAddress, prefixLength: Int) {
        var bytes = address.bytes
        for index in bytes.indices {
            let bitsKept = max(0, min(8, prefixLength - index * 8))
            bytes[index] &= bitsKept == 0 ? 0 : UInt8(truncatingIfNeeded: 0xff << (8 - bitsKept))
        }
        self.init(unchecked: bytes)
    }
}
