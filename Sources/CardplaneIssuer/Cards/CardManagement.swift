public import CardplaneCore
public import CardplaneNetwork
public import CardplaneStore
import CardplaneVault
public import Logging
import Tracing

/// Everything a merchant does with an issued card (spec §4.5–4.10): read it, change its status,
/// activate it, set its PIN and read its secrets encrypted with the merchant's apiSecret.
///
/// A card of another merchant is answered exactly like a card that does not exist (4004).
public struct CardManagement: Sendable {
    let store: Store
    let clock: any WallClock
    let cardholders: CardholderRegistry
    let vaultKeys: CardVaultKeys
    let provider: any CardProvider
    let credentials: MerchantCredentials
    let providerTimeoutMs: Int64
    let logger: Logger
    /// Card details (the card with its package) by merchant and card number, per cache generation:
    /// any change to a card, package or BIN row, from any process, empties it (ADR 0012).
    private let details: GenerationCache<Detail>

    public init(
        store: Store,
        clock: any WallClock,
        cardholders: CardholderRegistry,
        vaultKeys: CardVaultKeys,
        provider: any CardProvider,
        credentials: MerchantCredentials,
        providerTimeoutMs: Int64,
        logger: Logger
    ) {
        self.store = store
        self.clock = clock
        self.cardholders = cardholders
        self.vaultKeys = vaultKeys
        self.provider = provider
        self.credentials = credentials
        self.providerTimeoutMs = providerTimeoutMs
        self.logger = logger
        self.details = GenerationCache(generation: CacheGeneration(store: store))
    }

    /// The merchant's card, or 4004.
    public func requireCard(no cardNo: String, merchantNo: String) async throws -> Card {
        let card = try await store.withReader { try await CardRecords($0).card(no: cardNo, merchantNo: merchantNo) }
        guard let card else { throw CardplaneError(.cardNotFound) }
        return card
    }

    /// A card with its package, for the detail page.
    public struct Detail: Sendable, Equatable {
        public var card: Card
        public var package: CardPackage?
        /// The card's fees: its package's schedule, or for a BIN card the merchant's issuance fee
        /// for the BIN with every other fee zero.
        public var feeSchedule: FeeSchedule
    }

    /// The card and its package (4004).
    public func detail(cardNo: String, merchantNo: String) async throws -> Detail {
        let store = self.store
        let detail = try await details.value(for: "\(merchantNo)/\(cardNo)") {
            try await store.withReader { database -> Detail? in
                guard let card = try await CardRecords(database).card(no: cardNo, merchantNo: merchantNo) else {
                    return nil
                }
                if let packageNo = card.packageNo,
                    let package = try await CatalogRecords(database).package(no: packageNo)
                {
                    return Detail(card: card, package: package.package, feeSchedule: package.package.feeSchedule)
                }
                let assignment = try await CatalogAssignmentRecords(database).assignment(
                    merchantNo: merchantNo,
                    productNo: card.cardBinNo
                )
                let openCost = Amount(minorUnits: assignment?.openCostMinor ?? 0, scale: Currency.tusdt.scale)
                return Detail(card: card, package: nil, feeSchedule: .bin(openCost: openCost))
            }
        }
        guard let detail else { throw CardplaneError(.cardNotFound) }
        return detail
    }

    /// The merchant's cards created within `range`, newest first.
    public func list(
        merchantNo: String,
        filter: CardFilter,
        range: TimeRange,
        page: PageRequest
    ) async throws -> Page<
        Card
    > {
        let countedUntil = try await store.listCountedUntil(.cards)
        return try await store.withReader { database in
            try await CardRecords(database).list(
                merchantNo: merchantNo,
                filter: filter,
                range: range,
                page: page,
                countedUntil: countedUntil
            )
        }
    }

    /// The cardholder's cards, oldest first.
    public func cards(cardholderNo: String) async throws -> [Card] {
        try await store.withReader { try await CardRecords($0).cards(cardholderNo: cardholderNo) }
    }

    /// Freezes, unfreezes or deletes a card (spec §4.9, §13).
    ///
    /// Checks in order (4013 for an unknown status value comes first, in ``CardStatus/init(requested:)``):
    /// 4004 no such card; 4005 the move is not allowed from its status; 4007 the provider refused.
    /// A concurrent change that wins first makes this one answer 4005.
    public func changeStatus(cardNo: String, to target: CardStatus, merchantNo: String) async throws -> Card {
        let card = try await requireCard(no: cardNo, merchantNo: merchantNo)
        try card.status.requireMerchantChange(to: target)
        try await callProvider(card, operation: "status change") { provider, reference in
            try await provider.changeStatus(reference: reference, to: target)
        }
        return try await transition(card, to: target, reason: Self.reason(for: target))
    }

    static func reason(for target: CardStatus) -> String {
        switch target {
        case .frozen: return "frozen by merchant"
        case .activated: return "unfrozen by merchant"
        case .delete: return "deleted by merchant"
        default: return "changed by merchant"
        }
    }

    /// Moves `card` to `target` with its event; 4005 when a concurrent change moved it first.
    func transition(_ card: Card, to target: CardStatus, reason: String) async throws -> Card {
        let nowMs = clock.nowMs()
        let updated = try await store.withTransaction { database in
            try await CardEvents.transition(card, to: target, reason: reason, nowMs: nowMs, in: database)
        }
        guard let updated else { throw CardplaneError(.cardStatusDoesNotAllow) }
        return updated
    }

    /// Runs one provider call for `card` under the provider deadline.
    ///
    /// - Throws: 4007 when the provider refuses, fails or times out.
    func callProvider(
        _ card: Card,
        operation: String,
        _ call: @escaping @Sendable (any CardProvider, String) async throws -> Void
    ) async throws {
        let reference = try await store.withConnection {
            try await CardRecords($0).providerReference(cardNo: card.cardNo)
        }
        guard let reference else { throw CardplaneError(.cardProviderFailed) }
        do {
            try await withSpan("card provider \(operation)", ofKind: .client) { _ in
                try await withDeadline(milliseconds: providerTimeoutMs) { [provider] in
                    try await call(provider, reference)
                }
            }
        } catch {
            logger.warning(
                "card provider call failed",
                metadata: [
                    "card_no": .string(card.cardNo), "operation": .string(operation),
                    "error": .string(ProviderFailure.loggable(error)),
                ]
            )
            throw CardplaneError(.cardProviderFailed)
        }
    }
}

extension Optional {
    func asyncMap<Result>(_ transform: (Wrapped) async throws -> Result) async rethrows -> Result? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
