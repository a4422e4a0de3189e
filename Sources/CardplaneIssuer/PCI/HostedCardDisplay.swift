public import CardplaneCore
public import CardplaneStore
public import CardplaneVault
import Foundation

/// The PCI hosted card page (spec §4.12, §6, §13): single-use client access tokens for one card,
/// and the checks a request for the page passes before it sees the card.
public struct HostedCardDisplay: Sendable {
    let store: Store
    let clock: any WallClock
    let cards: CardManagement
    let sealer: SecretSealer
    /// Page loads per client address (``Limits/hostedPageRateLimit``).
    let pageLoads = AddressRateLimiter(policy: Limits.hostedPageRateLimit)

    /// Client access token lifetime (spec §13: `expires_in` 60).
    public static let tokenLifetimeSeconds: Int64 = 60
    /// How long a used nonce is remembered (1017). Replaying it later needs a fresh token anyway.
    public static let nonceMemoryMs: Int64 = 24 * 60 * 60 * 1_000

    public init(store: Store, clock: any WallClock, cards: CardManagement, sealer: SecretSealer) {
        self.store = store
        self.clock = clock
        self.cards = cards
        self.sealer = sealer
    }

    /// A new client access token for the merchant's card.
    ///
    /// Checks in order: 1013 PCI display off; 4004 no such card; 4005 card deleted; 4012 no card data.
    public func issueToken(cardNo: String, merchantNo: String) async throws -> Sensitive<String> {
        let enabled = try await store.withConnection {
            try await MerchantRecords($0).pciDisplay(merchantNo: merchantNo)
        }
        guard enabled else { throw CardplaneError(.pciDisplayNotEnabled) }
        let card = try await cards.requireCard(no: cardNo, merchantNo: merchantNo)
        guard card.status != .delete else { throw CardplaneError(.cardStatusDoesNotAllow) }
        _ = try await cards.openSecrets(of: card)
        let token = Sensitive("ct_" + CredentialGenerator.accessToken().reveal().dropFirst(3))
        let nowMs = clock.nowMs()
        try await store.withConnection { database in
            try await PCIRecords(database).insertToken(
                digest: CredentialDigest.digest(token),
                merchantNo: merchantNo,
                cardNo: cardNo,
                expiresAtMs: nowMs + Self.tokenLifetimeSeconds * 1_000,
                nowMs: nowMs
            )
        }
        return token
    }

    /// Forgets expired tokens (an hour after expiry) and nonces older than ``nonceMemoryMs``, so the
    /// tables stay small. Returns how many rows went.
    @discardableResult
    public func purgeExpired() async throws -> Int {
        let nowMs = clock.nowMs()
        return try await store.withConnection { database in
            try await PCIRecords(database).purge(
                tokensBeforeMs: nowMs - 3_600_000,
                noncesBeforeMs: nowMs - Self.nonceMemoryMs
            )
        }
    }

    /// What the page shows, and the merchant's settings it is shown with.
    public struct View: Sendable {
        public var cardNumber: Sensitive<String>
        public var cvv: Sensitive<String>
        public var expiry: String
        public var holderName: String
        public var settings: PCIDisplaySettings
    }

    /// The merchant whose settings frame an answer, when the token is known (for the CSP of errors).
    public func settings(forToken token: String?) async throws -> PCIDisplaySettings? {
        guard let token else { return nil }
        let digest = CredentialDigest.digest(Sensitive(token))
        return try await store.withConnection { database in
            guard let stored = try await PCIRecords(database).token(digest: digest) else { return nil }
            return try await PCIRecords(database).settings(merchantNo: stored.merchantNo)
        }
    }

    /// Checks a request for the page and, when it passes, uses its token and nonce and returns the card.
    ///
    /// Checks in order: 1009 too many page loads from the client's address; 1018 not an iframe
    /// navigation (`Sec-Fetch-Dest`, `Sec-Fetch-Mode`); 1014
    /// token missing, unknown, expired or used; 1013 PCI display turned off since; 1016 `Host` not
    /// one of the merchant's hosted hosts; 1015 parent page origin not allowed; 1017 nonce malformed
    /// or used before; 1014 the token used by a concurrent request first. A request that gets past
    /// the token check burns the token, so a token can be tried once.
    public func open(_ request: HostedCardRequest) async throws -> View {
        guard pageLoads.take(request.clientAddress, nowMs: clock.nowMs()).allowed else {
            throw CardplaneError(.tooFrequent)
        }
        try request.requireFrameNavigation()
        guard let token = request.token, !token.isEmpty, token.count <= Limits.credentialHeaderLengthMax else {
            throw CardplaneError(.clientAccessTokenInvalid)
        }
        let digest = CredentialDigest.digest(Sensitive(token))
        let nowMs = clock.nowMs()
        let found = try await store.withConnection { database -> (PCIRecords.ClientToken, PCIDisplaySettings)? in
            guard let stored = try await PCIRecords(database).token(digest: digest) else { return nil }
            return (stored, try await PCIRecords(database).settings(merchantNo: stored.merchantNo))
        }
        guard let (stored, settings) = found, stored.usedAtMs == nil, stored.expiresAtMs > nowMs else {
            throw CardplaneError(.clientAccessTokenInvalid)
        }
        let consumed = try await store.withConnection { try await PCIRecords($0).consume(digest: digest, nowMs: nowMs) }
        guard consumed else { throw CardplaneError(.clientAccessTokenInvalid) }
        guard settings.enabled else { throw CardplaneError(.pciDisplayNotEnabled) }
        guard let host = request.host.flatMap(PCIDisplaySettings.normalizedHost), settings.hostedHosts.contains(host)
        else { throw CardplaneError(.hostedOriginMismatch) }
        guard let parent = request.parentOrigin, settings.allowedOrigins.contains(parent) else {
            throw CardplaneError(.parentOriginNotAllowed)
        }
        guard let nonce = request.nonce, HostedCardRequest.isWellFormedNonce(nonce) else {
            throw CardplaneError(.nonceReused)
        }
        let fresh = try await store.withConnection { database in
            try await PCIRecords(database).useNonce(nonce, merchantNo: stored.merchantNo, nowMs: nowMs)
        }
        guard fresh else { throw CardplaneError(.nonceReused) }
        return try await view(cardNo: stored.cardNo, merchantNo: stored.merchantNo, settings: settings)
    }

    func view(cardNo: String, merchantNo: String, settings: PCIDisplaySettings) async throws -> View {
        let card = try await cards.requireCard(no: cardNo, merchantNo: merchantNo)
        let secrets = try await cards.openSecrets(of: card)
        return View(
            cardNumber: Sensitive(secrets.pan.digits),
            cvv: secrets.cvv,
            expiry: secrets.expiryMonth + "/" + secrets.expiryYear,
            holderName: try await holderName(of: card),
            settings: settings
        )
    }

    /// The name on the card: the billing address's names, else the KYC applicant's, upper-cased.
    func holderName(of card: Card) async throws -> String {
        let (sealedAddress, sealedApplicant) = try await store.withConnection { database in
            (
                try await CardRecords(database).sealedAddress(cardNo: card.cardNo),
                try await CardholderRecords(database).sealedApplicant(no: card.cardholderNo)
            )
        }
        let vault = try await cards.vaultKeys.vault()
        if let sealedAddress,
            let address = try? AddressCodec.decode(
                vault.open(sealedAddress, field: .address, cardNo: card.cardNo).reveal()
            ),
            let first = address.firstName, let last = address.lastName
        {
            return "\(first) \(last)".uppercased()
        }
        if let sealedApplicant,
            let json = try? sealer.open(
                sealedApplicant,
                context: CardholderRegistry.applicantContext(cardholderNo: card.cardholderNo)
            ),
            let applicant = try? JSONDecoder().decode(KYCApplicant.self, from: Data(json.reveal().utf8))
        {
            return "\(applicant.firstName) \(applicant.lastName)".uppercased()
        }
        return ""
    }
}
