public import CardplaneCore
public import CardplaneStore
public import CardplaneTelemetry
import CardplaneVault
public import Logging
import Tracing

/// The issuer's transaction path (issue #6): authorizations from the card network, then clearing,
/// reversals, refunds and expiry, each idempotent on the network's ids, each one database
/// transaction that moves money only through two-phase holds and balanced entries.
///
/// Authorization checks, in order: a repeated network transaction id answers the record it made;
/// 4004-like unknown card (``TransactionError/unknownCard``); the card's merchant disabled or closed
/// (`merchantSuspended`); the rules of
/// ``AuthorizationRules/decline(_:cardStatus:expiryMonth:expiryYear:today:supportedCurrencies:packageLimit:binLimit:usage:)``
/// for the card alone; in authorization mode the merchant's real-time answer (800 ms; not asked for a
/// network's stand-in approval, ``AuthorizationRequest/standIn``); then, in one
/// transaction under the card's lock, the same rules against the card's fresh status and spend, and
/// the hold of amount and fees on the funding account (the cardholder's TUSDT account in credit
/// extension, the merchant's reserve in authorization mode) — short of it, `insufficientFunds`.
public struct CardTransactions: Sendable {
    /// Timing of holds and of the merchant's real-time answer.
    public struct Settings: Sendable {
        /// How long an authorization's hold lasts before it may be expired. Default 7 days.
        public var holdLifetimeMs: Int64
        /// The merchant's budget to answer an `Auth` callback (spec §2: 800 ms).
        public var authorizationCallbackTimeoutMs: Int64

        public init(holdLifetimeMs: Int64 = 7 * 86_400_000, authorizationCallbackTimeoutMs: Int64 = 800) {
            precondition(holdLifetimeMs > 0 && authorizationCallbackTimeoutMs > 0)
            self.holdLifetimeMs = holdLifetimeMs
            self.authorizationCallbackTimeoutMs = authorizationCallbackTimeoutMs
        }
    }

    let store: Store
    let clock: any WallClock
    let vaultKeys: CardVaultKeys
    let merchantAuthorizer: MerchantAuthorizer
    let settings: Settings
    let metrics: OperatorMetrics
    let logger: Logger
    /// Card contexts by card number (``loadContext(cardNo:)``).
    let contexts: GenerationCache<CardContext>
    /// Holds of approved spends, committed in batches.
    let holds: AuthorizationHolds

    static let currency = Currency.tusdt
    /// Where captured payments go: the platform's position towards the card network.
    static let settlementOwner = LedgerAccount.Owner.platform("network_settlement")
    /// Where fees go.
    static let feesOwner = LedgerAccount.Owner.platform("card_fees")

    public init(
        store: Store,
        clock: any WallClock,
        vaultKeys: CardVaultKeys,
        merchantAuthorizer: MerchantAuthorizer,
        settings: Settings,
        metrics: OperatorMetrics = .disabled,
        logger: Logger
    ) {
        self.store = store
        self.clock = clock
        self.vaultKeys = vaultKeys
        self.merchantAuthorizer = merchantAuthorizer
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        self.contexts = GenerationCache(generation: CacheGeneration(store: store))
        self.holds = AuthorizationHolds(
            store: store,
            clock: clock,
            holdLifetimeMs: settings.holdLifetimeMs,
            metrics: metrics
        )
    }

    /// What the network hears back.
    public struct Outcome: Sendable, Equatable {
        public var consumption: Consumption
        public var approved: Bool { consumption.status != .fail }
        public var declineReason: DeclineReason? { consumption.network?.declineReason }
    }

    /// Decides an authorization and records it (a `Pending` consumption holding the money, or a
    /// `Fail` one with its reason).
    public func authorize(_ request: AuthorizationRequest) async throws -> Outcome {
        try await withSpan("authorize") { span in
            let started = ContinuousClock.now
            do {
                let outcome = try await decide(request)
                metrics.authorization(declineReason: outcome.declineReason?.rawValue, duration: .now - started)
                span.attributes["cardplane.authorization.approved"] = outcome.approved
                span.attributes["cardplane.authorization.decline_reason"] = outcome.declineReason?.rawValue
                return outcome
            } catch {
                metrics.authorization(declineReason: nil, failed: true, duration: .now - started)
                throw error
            }
        }
    }

    private func decide(_ request: AuthorizationRequest) async throws -> Outcome {
        let outcome = try await decision(request)
        if request.standIn, let reason = outcome.declineReason {
            // The network has approved it already: what it captures later finds no hold.
            logger.warning(
                "stand-in approval declined by the card's rules",
                metadata: ["consume_no": .string(outcome.consumption.consumeNo), "reason": .string(reason.rawValue)]
            )
        }
        return outcome
    }

    private func decision(_ request: AuthorizationRequest) async throws -> Outcome {
        let context = try await loadContext(cardNo: request.cardNo)
        // A repeated network id answers its record: recording again fails and rolls back, so only a
        // merchant that would be asked again needs to look first.
        if context.mode == .authorization,
            let existing = try await recorded(networkTransactionID: request.networkTransactionID)
        {
            return Outcome(consumption: existing)
        }
        guard context.merchantEnabled else {
            return try await decline(request, context: context, reason: .merchantSuspended)
        }
        let nowMs = clock.nowMs()
        // What the card alone declines, before asking the merchant; the limits against the card's
        // spend are decided again under its lock when holding (a spend of zero can only pass more).
        if let reason = context.declineReason(for: request, usage: SpendUsage(), nowMs: nowMs) {
            return try await decline(request, context: context, reason: reason)
        }
        var generator = SystemRandomNumberGenerator()
        let consumeNo = PublicNumber.make(.consumption, nowMs: nowMs, using: &generator)
        if context.mode == .authorization, !request.standIn {
            let answer = await merchantAuthorizer.ask(
                consumeNo: consumeNo,
                request: request,
                card: context.card,
                timeoutMs: settings.authorizationCallbackTimeoutMs
            )
            if let reason = answer.declineReason {
                return try await decline(request, context: context, reason: reason, consumeNo: consumeNo)
            }
        }
        do {
            return Outcome(consumption: try await hold(request, context: context, consumeNo: consumeNo))
        } catch LedgerError.insufficientFunds {
            return try await decline(request, context: context, reason: .insufficientFunds, consumeNo: consumeNo)
        } catch let refusal as SpendRefused {
            return try await decline(request, context: refusal.context, reason: refusal.reason, consumeNo: consumeNo)
        }
    }

    /// The record a network transaction id already made, if any.
    func recorded(networkTransactionID: String) async throws -> Consumption? {
        try await store.withConnection { database in
            try await ConsumptionRecords(database).record(networkTransactionID: networkTransactionID)
        }
    }
}

/// A network request the issuer cannot act on. The simulator answers these with HTTP errors.
public enum TransactionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No card with that number.
    case unknownCard
    /// No authorization with that network transaction id.
    case unknownTransaction
    /// The authorization is not pending (already cleared, reversed, declined or expired).
    case notPending
    /// The payment was not captured, so nothing can be refunded.
    case notCleared
    /// More than the authorization, or than what is left of it.
    case amountExceeds
    /// Not a positive amount with two decimals.
    case invalidAmount

    public var description: String {
        switch self {
        case .unknownCard: return "no card with that number"
        case .unknownTransaction: return "no authorization with that network transaction id"
        case .notPending: return "the authorization is not pending"
        case .notCleared: return "the payment was not captured"
        case .amountExceeds: return "the amount exceeds what is left of the authorization"
        case .invalidAmount: return "the amount must be positive with two decimals"
        }
    }
}
