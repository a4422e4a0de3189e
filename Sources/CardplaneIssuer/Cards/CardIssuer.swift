public import CardplaneCore
public import CardplaneNetwork
public import CardplaneStore
import CardplaneVault
public import Logging
import Tracing

/// Issues cards (spec §4.4): checks the application, reserves the card and its fee, asks the card
/// provider, then completes or fails the card — never half-made.
///
/// Apply checks, in order (the body's own 1004s and 1012 come first, in ``CardApplication``):
/// 2002 no such cardholder for this merchant; 2005 cardholder rejected (2004 while verifying);
/// the product — 4002 package unknown, disabled or not assigned to the merchant (credit extension),
/// 4001 BIN unknown, disabled or not assigned (authorization), 1004 `card_type` the product does not
/// offer; the address (``AddressRules``: 4010, 1004, 2008, 2007, 2009, 2010); 4011 the address's
/// country is outside the BIN's countries; 4003 `card_unique_no` used; 4006 issuance limit reached;
/// 3008 cardholder balance short of the issuance fee (credit extension) or 3007 merchant reserve
/// short (authorization); 4007 the provider refused, failed or timed out (the card is then `Fail`,
/// the fee released, the limit given back).
public struct CardIssuer: Sendable {
    /// Timing of provider calls and simulated production.
    public struct Settings: Sendable {
        /// Longest wait for one provider call. Default 5 s (spec §13).
        public var providerTimeoutMs: Int64
        /// Time the simulated production of a physical card takes. Default 2 s.
        public var productionDelayMs: Int64

        public init(
            providerTimeoutMs: Int64 = Limits.cardProviderTimeoutDefaultMs,
            productionDelayMs: Int64 = Limits.cardProductionDelayDefaultMs
        ) {
            precondition(providerTimeoutMs > 0 && productionDelayMs >= 0)
            self.providerTimeoutMs = providerTimeoutMs
            self.productionDelayMs = productionDelayMs
        }
    }

    let store: Store
    let clock: any WallClock
    let cardholders: CardholderRegistry
    let vaultKeys: CardVaultKeys
    let provider: any CardProvider
    let addressRules: AddressRules
    let settings: Settings
    let logger: Logger

    /// The platform account issuance fees are paid into.
    static let feeRevenueOwner = LedgerAccount.Owner.platform("card_fees")
    static let currency = Currency.tusdt

    public init(
        store: Store,
        clock: any WallClock,
        cardholders: CardholderRegistry,
        vaultKeys: CardVaultKeys,
        provider: any CardProvider,
        addressRules: AddressRules,
        settings: Settings,
        logger: Logger
    ) {
        self.store = store
        self.clock = clock
        self.cardholders = cardholders
        self.vaultKeys = vaultKeys
        self.provider = provider
        self.addressRules = addressRules
        self.settings = settings
        self.logger = logger
    }

    /// Applies for a card for the merchant; returns the card in its status after the provider answered.
    public func apply(_ application: CardApplication, merchantNo: String) async throws -> Card {
        let cardholder = try await cardholders.requireCardholder(no: application.cardholderNo, merchantNo: merchantNo)
        try cardholder.verification.requireApproved()
        let product = try await resolveProduct(application, merchantNo: merchantNo)
        let address = try addressRules.validate(application.address, for: application.cardType)
        if let country = address?.country, !product.bin.issues(to: country) {
            throw CardplaneError(.countryNotSupportedForCard)
        }
        let used = try await store.withConnection { database in
            try await CardRecords(database).exists(merchantNo: merchantNo, cardUniqueNo: application.cardUniqueNo)
        }
        guard !used else { throw CardplaneError(.cardUniqueNoExists) }
        let reservation = try await reserve(application, product: product, address: address, merchantNo: merchantNo)
        let reference: String
        do {
            reference = try await withSpan("card provider issue", ofKind: .client) { _ in
                try await withDeadline(milliseconds: settings.providerTimeoutMs) { [provider] in
                    try await provider.issue(reservation.providerRequest)
                }
            }
        } catch {
            logger.warning(
                "card provider refused issuance",
                metadata: [
                    "card_no": .string(reservation.card.cardNo), "error": .string(ProviderFailure.loggable(error)),
                ]
            )
            try await fail(
                reservation.card,
                feeHoldID: reservation.feeHoldID,
                productNo: product.productNo,
                reason: Self.failureReason(error)
            )
            throw CardplaneError(.cardProviderFailed)
        }
        return try await complete(reservation, product: product, providerReference: reference)
    }

    static func failureReason(_ error: any Error) -> String {
        error is DeadlineExceeded ? "card provider timed out" : "card provider refused the card"
    }
}
