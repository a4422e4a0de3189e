/// A request for the hosted card page (`GET /pci/card?token=…&nonce=…`) as the checks need it:
/// the query, the host it was sent to, and the browser's own headers.
public struct HostedCardRequest: Sendable, Equatable {
    public var token: String?
    public var nonce: String?
    /// The `Host` header.
    public var host: String?
    public var secFetchDest: String?
    public var secFetchMode: String?
    /// `Referer` of the iframe request: the parent page (its origin at least, under the default
    /// referrer policy).
    public var referer: String?
    public var origin: String?
    /// The client's address (limits page loads per address); `nil` when unknown.
    public var clientAddress: IPAddress?

    public init(
        token: String?,
        nonce: String?,
        host: String?,
        secFetchDest: String?,
        secFetchMode: String?,
        referer: String?,
        origin: String?,
        clientAddress: IPAddress? = nil
    ) {
        self.token = token
        self.nonce = nonce
        self.host = host
        self.secFetchDest = secFetchDest
        self.secFetchMode = secFetchMode
        self.referer = referer
        self.origin = origin
        self.clientAddress = clientAddress
    }

    /// 1018 unless the browser says this is an iframe navigation (`Sec-Fetch-Dest: iframe`,
    /// `Sec-Fetch-Mode: navigate`): a top-level visit, a script fetch or curl are refused.
    public func requireFrameNavigation() throws {
        guard secFetchDest == "iframe", secFetchMode == "navigate" else { throw CardplaneError(.secFetchInvalid) }
    }

    /// The parent page's origin: the `Origin` header when sent, else the origin of the `Referer`.
    public var parentOrigin: String? {
        if let origin, origin != "null", let normalized = PCIDisplaySettings.normalizedOrigin(origin) {
            return normalized
        }
        guard let referer else { return nil }
        let lowered = referer.lowercased()
        for scheme in ["https://", "http://"] where lowered.hasPrefix(scheme) {
            let rest = lowered.dropFirst(scheme.count)
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            return PCIDisplaySettings.normalizedOrigin(scheme + authority)
        }
        return nil
    }

    /// A nonce is 16–128 URL-safe characters (letters, digits, `-`, `_`).
    public static func isWellFormedNonce(_ nonce: String) -> Bool {
        (16...128).contains(nonce.count)
            && nonce.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
