/// Finds the client's address from the socket peer and, only behind a trusted proxy, `X-Forwarded-For`.
///
/// A client can write any `X-Forwarded-For` it likes, so the header is believed only when the peer is
/// one of the configured proxies; then the rightmost entry that is not itself a trusted proxy is the
/// client (each proxy appends the address it saw).
public struct ClientAddressResolver: Sendable {
    /// Proxies whose `X-Forwarded-For` is believed. Empty by default: the socket peer is the client.
    public var trustedProxies: [CIDRBlock]

    public init(trustedProxies: [CIDRBlock] = []) {
        self.trustedProxies = trustedProxies
    }

    /// The client's address, or `nil` when it cannot be known (no peer, unparsable forwarding).
    public func clientAddress(peer: IPAddress?, forwardedFor: String?) -> IPAddress? {
        guard let peer else { return nil }
        guard isTrusted(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingSpaces() }
        for hop in hops.reversed() {
            guard let address = IPAddress(hop) else { return nil }
            if !isTrusted(address) { return address }
        }
        return peer
    }

    private func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
