import CardplaneCore
import CardplaneStore
import CardplaneTelemetry
import CardplaneVault
import SQLKit

/// Holds of approved spends committed together (ADR 0013): authorizations that reach their hold
/// while a batch commits go into the next one — one transaction, one commit and a fixed handful of
/// statements (lock the cards, read their spend, lock the payers' balances, then write the holds,
/// the records and their events) however many it holds. Each is decided again, in arrival order,
/// against the card's fresh status and the spend and balances the ones before it left; a refused
/// one refuses only itself.
final class AuthorizationHolds: Sendable {
    /// An authorization that passed the card's own checks (and the merchant's answer).
    struct Order: Sendable {
        var request: AuthorizationRequest
        var context: CardTransactions.CardContext
        var consumeNo: String
    }

    /// The `Pending` record, or why not: ``SpendRefused``, ``LedgerError/insufficientFunds(accountID:)``
    /// or a failure.
    typealias Outcome = Result<Consumption, any Error>

    /// Most authorizations in one batch.
    static let batchSizeMax = 128

    private let batches: CallBatcher<Order, Outcome>

    init(store: Store, clock: any WallClock, holdLifetimeMs: Int64, metrics: OperatorMetrics) {
        batches = CallBatcher(batchSizeMax: Self.batchSizeMax) { orders in
            await Self.commit(orders, store: store, clock: clock, holdLifetimeMs: holdLifetimeMs, metrics: metrics)
        }
    }

    /// `order`'s record, once its batch committed.
    func hold(_ order: Order) async throws -> Consumption {
        try await batches.submit(order).get()
    }

    /// Commits `orders` as one batch or, if the batch as a whole cannot commit (a network id recorded
    /// meanwhile, a failing statement), each alone. `metrics` counts the holds it committed.
    static func commit(
        _ orders: [Order],
        store: Store,
        clock: any WallClock,
        holdLifetimeMs: Int64,
        metrics: OperatorMetrics
    ) async -> [Outcome] {
        if let outcomes = try? await commitTogether(orders, store: store, clock: clock, holdLifetimeMs: holdLifetimeMs)
        {
            metrics.holdsCommitted(outcomes.count { (try? $0.get()) != nil })
            return outcomes
        }
        var outcomes: [Outcome] = []
        for order in orders {
            do {
                let outcome = try await commitTogether(
                    [order],
                    store: store,
                    clock: clock,
                    holdLifetimeMs: holdLifetimeMs
                )[0]
                metrics.holdsCommitted((try? outcome.get()) != nil ? 1 : 0)
                outcomes.append(outcome)
            } catch is CardTransactions.RepeatedNetworkID {
                // A repeat of the same network id won: answer what it recorded.
                let existing = try? await store.withReader {
                    try await ConsumptionRecords($0).record(networkTransactionID: order.request.networkTransactionID)
                }
                outcomes.append(
                    existing.flatMap { $0 }.map { .success($0) } ?? .failure(TransactionError.unknownTransaction)
                )
            } catch {
                outcomes.append(.failure(error))
            }
        }
        return outcomes
    }

    /// Decides and writes `orders` in one transaction, or throws and writes none of them.
    static func commitTogether(
        _ orders: [Order],
        store: Store,
        clock: any WallClock,
        holdLifetimeMs: Int64
    ) async throws -> [Outcome] {
        try await Batch(orders: orders, nowMs: clock.nowMs(), holdLifetimeMs: holdLifetimeMs).commit(in: store)
    }

    /// Orders decided and written in one transaction.
    private struct Batch {
        let orders: [Order]
        let nowMs: Int64
        let holdLifetimeMs: Int64
        static let currency = CardTransactions.currency.code

        /// What the batch writes for the orders it approved.
        struct Approved {
            var records: [Consumption] = []
            var holds: [Hold] = []
        }

        func commit(in store: Store) async throws -> [Outcome] {
            try await store.withTransaction { database in
                let cards = try await CardRecords(database).lockedCards(Set(orders.map(\.request.cardNo)))
                var usage = try await CardTransactions.spendUsage(cardNos: Set(cards.keys), nowMs: nowMs, in: database)
                var ledger = LedgerBatch(
                    balances: try await LedgerRecords(database).lockedBalances(
                        of: orders.map(\.context.payer),
                        currency: Self.currency,
                        nowMs: nowMs
                    )
                )
                let smallUsed = try await ConsumptionRecords(database).smallPurchaseCounts(
                    Set(orders.compactMap { order in smallPurchaseWindow(order, cards: cards) })
                )
                var smallPurchases: [String: Int] = [:]
                var approved = Approved()
                var outcomes: [Outcome] = []
                for order in orders {
                    guard let card = cards[order.request.cardNo] else {
                        outcomes.append(.failure(TransactionError.unknownCard))
                        continue
                    }
                    var context = order.context
                    context.card = card
                    let request = order.request
                    let spent = usage[card.cardNo] ?? SpendUsage()
                    if let reason = context.declineReason(for: request, usage: spent, nowMs: nowMs) {
                        outcomes.append(.failure(SpendRefused(reason: reason, context: context)))
                        continue
                    }
                    let isSmall = context.calculator?.isSmallPurchase(request) ?? false
                    let allowance = FreeAllowanceUsage(
                        smallUsed: (smallUsed[card.cardNo] ?? 0) + (smallPurchases[card.cardNo] ?? 0)
                    )
                    let fees = context.calculator?.approvalFees(for: request, allowance: allowance) ?? []
                    let hold = Hold(
                        holdID: CredentialGenerator.identifier(prefix: "hold"),
                        accountID: LedgerAccount.id(of: context.payer, currency: Self.currency),
                        amountMinor: request.amount.minorUnits + fees.reduce(0) { $0 + $1.amount.minorUnits },
                        state: .pending,
                        expiresAtMs: nowMs + holdLifetimeMs
                    )
                    do throws(LedgerBatch.InsufficientFunds) {
                        try ledger.hold(hold.amountMinor, on: hold.accountID)
                    } catch {
                        outcomes.append(.failure(LedgerError.insufficientFunds(accountID: error.accountID)))
                        continue
                    }
                    usage[card.cardNo] = spent.adding(request)
                    if isSmall { smallPurchases[card.cardNo, default: 0] += 1 }
                    let record = CardTransactions.pendingRecord(
                        request,
                        context: context,
                        fees: fees,
                        ids: (order.consumeNo, hold.holdID),
                        nowMs: nowMs
                    )
                    approved.records.append(record)
                    approved.holds.append(hold)
                    outcomes.append(.success(record))
                }
                try await write(approved, ledger: ledger, in: database)
                return outcomes
            }
        }

        /// The window in which `order`'s small purchase counts, on its card as locked.
        private func smallPurchaseWindow(
            _ order: Order,
            cards: [String: Card]
        ) -> ConsumptionRecords.SmallPurchaseWindow? {
            guard let card = cards[order.request.cardNo] else { return nil }
            var context = order.context
            context.card = card
            return context.smallPurchaseWindow(for: order.request, nowMs: nowMs)
        }

        /// The holds, the records and their events, in a statement each.
        private func write(_ approved: Approved, ledger: LedgerBatch, in database: any SQLDatabase) async throws {
            try await LedgerRecords(database).record(ledger, entries: [], holds: approved.holds, nowMs: nowMs)
            let stored = try await ConsumptionRecords(database).insert(approved.records, entryID: nil)
            guard stored.count == approved.records.count else { throw CardTransactions.RepeatedNetworkID() }
            try await OutboxRecords(database).append(
                approved.records.map { ConsumptionEvents.event(of: $0, created: true) }
            )
        }
    }
}

/// A spend the rules decline once decided again under the card's lock (`context` holds the card
/// as read there).
struct SpendRefused: Error {
    var reason: DeclineReason
    var context: CardTransactions.CardContext
}

extension SpendUsage {
    /// This spend with `request` approved: its amount counts towards the week and, for a withdrawal,
    /// the ATM day and month.
    func adding(_ request: AuthorizationRequest) -> SpendUsage {
        let amount = request.amount.minorUnits
        let atm = request.kind == .atm ? amount : 0
        return SpendUsage(
            weekMinor: weekMinor + amount,
            atmDayMinor: atmDayMinor + atm,
            atmMonthMinor: atmMonthMinor + atm
        )
    }
}
