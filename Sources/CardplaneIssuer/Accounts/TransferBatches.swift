import CardplaneCore
import CardplaneStore
import CardplaneTelemetry
import CardplaneVault
import SQLKit

/// Transfers committed together (ADR 0013): transfers that arrive while a batch commits go into
/// the next one, which costs one transaction, one commit and a fixed handful of statements however
/// many transfers it holds. Each transfer is checked, in arrival order, against the balances the
/// ones before it left, and a refused one refuses only itself; its caller is answered only after
/// the batch committed.
final class TransferBatches: Sendable {
    /// A transfer to make: the request has passed its own checks.
    struct Order: Sendable {
        var request: TransferRequest
        var merchantNo: String

        var reference: TransferReference {
            TransferReference(merchantNo: merchantNo, transferUniqueNo: request.transferUniqueNo)
        }
    }

    /// The transfer as recorded, or why it was refused (a ``CardplaneError``) or failed.
    typealias Outcome = Result<Transfer, any Error>

    /// Most transfers in one batch (a statement's bound values stay far below either engine's limit).
    static let batchSizeMax = 256

    private let batches: CallBatcher<Order, Outcome>

    init(store: Store, clock: any WallClock, metrics: OperatorMetrics) {
        batches = CallBatcher(batchSizeMax: Self.batchSizeMax) { orders in
            let outcomes = await Self.commit(orders, store: store, clock: clock)
            // Every success is a transfer this batch recorded: a repeated reference is refused (3004).
            metrics.transfersCommitted(outcomes.count { (try? $0.get()) != nil })
            return outcomes
        }
    }

    /// The transfer `order` asks for, recorded, once its batch committed.
    func transfer(_ order: Order) async throws -> Transfer {
        try await batches.submit(order).get()
    }

    /// Commits `orders` as one batch. If the batch as a whole cannot commit — a transfer number drawn
    /// twice, a reference another process recorded meanwhile, a failing statement — each order is
    /// then committed alone, so whatever went wrong answers only the order it belongs to.
    static func commit(_ orders: [Order], store: Store, clock: any WallClock) async -> [Outcome] {
        if let outcomes = try? await commitTogether(orders, store: store, clock: clock) { return outcomes }
        var outcomes: [Outcome] = []
        for order in orders {
            outcomes.append(await commitAlone(order, store: store, clock: clock))
        }
        return outcomes
    }

    /// Commits `orders` in one transaction, or throws and commits none of them.
    static func commitTogether(_ orders: [Order], store: Store, clock: any WallClock) async throws -> [Outcome] {
        try await Batch(orders, clock: clock).commit(in: store)
    }

    /// One order in a batch of its own, under a new transfer number while the drawn one is taken.
    private static func commitAlone(_ order: Order, store: Store, clock: any WallClock) async -> Outcome {
        for _ in 1..<Limits.uniqueNumberAttemptsMax {
            let batch = Batch([order], clock: clock)
            do {
                return try await batch.commit(in: store)[0]
            } catch is RecordedMeanwhile {
                continue  // the next attempt finds the reference used: 3004
            } catch {
                let taken = try? await store.withReader {
                    try await TransferRecords($0).exists(transferNo: batch.drafts[0].transferNo)
                }
                guard taken == true else { return .failure(error) }
            }
        }
        return .failure(StoreError.uniqueNumberExhausted(table: "account_transfer"))
    }

    /// Another process recorded one of the batch's references after the batch looked: roll back.
    private struct RecordedMeanwhile: Error {}

    /// Orders with their numbers drawn and entries built, ready to commit.
    private struct Batch {
        struct Draft {
            var order: Order
            var transferNo: String
            var entryID: String
            var merchantAccount: String
            var cardholderAccount: String
            var entry: JournalEntry
        }

        let drafts: [Draft]
        let nowMs: Int64
        static let currency = CardholderAccounts.currency.code

        init(_ orders: [Order], clock: any WallClock) {
            nowMs = clock.nowMs()
            var generator = SystemRandomNumberGenerator()
            drafts = orders.map { [nowMs] order in
                let merchantAccount = LedgerAccount.id(of: .merchant(order.merchantNo), currency: Self.currency)
                let cardholderAccount = LedgerAccount.id(
                    of: .cardholder(order.request.cardholderNo),
                    currency: Self.currency
                )
                let amountMinor = order.request.amount.minorUnits
                return Draft(
                    order: order,
                    transferNo: PublicNumber.make(.transfer, nowMs: nowMs, using: &generator),
                    entryID: CredentialGenerator.identifier(prefix: "ent"),
                    merchantAccount: merchantAccount,
                    cardholderAccount: cardholderAccount,
                    entry: order.request.type == .transferIn
                        ? .transfer(from: merchantAccount, to: cardholderAccount, amountMinor: amountMinor)
                        : .transfer(from: cardholderAccount, to: merchantAccount, amountMinor: amountMinor)
                )
            }
        }

        /// Checks and records every draft in one transaction, one outcome each, in order.
        func commit(in store: Store) async throws -> [Outcome] {
            try await store.withTransaction { database in
                let ledger = LedgerRecords(database)
                let transfers = TransferRecords(database)
                let refusals = try await cardholderRefusals(in: database)
                let payable = zip(drafts, refusals).filter { $0.1 == nil }.map(\.0)
                var used = try await transfers.used(payable.map(\.order.reference))
                let owners = payable.flatMap { draft -> [LedgerAccount.Owner] in
                    [.merchant(draft.order.merchantNo), .cardholder(draft.order.request.cardholderNo)]
                }
                var ledgerBatch = LedgerBatch(
                    balances: try await ledger.lockedBalances(of: owners, currency: Self.currency, nowMs: nowMs)
                )
                var outcomes: [Outcome] = []
                var recorded: [Transfer] = []
                var entries: [LedgerRecords.BatchEntry] = []
                for (draft, refusal) in zip(drafts, refusals) {
                    if let refusal {
                        outcomes.append(.failure(refusal))
                        continue
                    }
                    guard !used.contains(draft.order.reference) else {
                        outcomes.append(.failure(CardplaneError(.transferUniqueNoExists)))
                        continue
                    }
                    let after: [String: Int64]
                    do throws(LedgerBatch.InsufficientFunds) {
                        after = try ledgerBatch.post(draft.entry)
                    } catch {
                        let code: ErrorCode =
                            error.accountID == draft.merchantAccount
                            ? .merchantBalanceInsufficient : .cardholderBalanceInsufficient
                        outcomes.append(.failure(CardplaneError(code)))
                        continue
                    }
                    let transfer = transfer(draft, cardholderAvailableAfter: after[draft.cardholderAccount]!)
                    used.insert(draft.order.reference)
                    recorded.append(transfer)
                    entries.append(
                        .init(entryID: draft.entryID, kind: "transfer", reference: draft.transferNo, entry: draft.entry)
                    )
                    outcomes.append(.success(transfer))
                }
                try await ledger.record(ledgerBatch, entries: entries, nowMs: nowMs)
                guard try await transfers.insert(recorded).count == recorded.count else { throw RecordedMeanwhile() }
                return outcomes
            }
        }

        /// For each draft, in order, why its cardholder may not take a transfer from its merchant, or
        /// `nil`: 2002 unknown (or another merchant's), 2005 rejected, 2004 still verifying.
        private func cardholderRefusals(in database: any SQLDatabase) async throws -> [CardplaneError?] {
            let cardholders = try await CardholderRecords(database).cardholders(
                Set(drafts.map(\.order.request.cardholderNo))
            )
            return drafts.map { draft in
                guard let cardholder = cardholders[draft.order.request.cardholderNo],
                    cardholder.merchantNo == draft.order.merchantNo
                else { return CardplaneError(.cardholderNotFound) }
                do {
                    try cardholder.verification.requireApproved()
                    return nil
                } catch {
                    return error as? CardplaneError ?? CardplaneError(.cardholderVerificationPending)
                }
            }
        }

        /// The transfer as recorded: its before and after balances are the cardholder's available
        /// balance (posted less open holds, spec §13), what the cardholder could spend.
        private func transfer(_ draft: Draft, cardholderAvailableAfter after: Int64) -> Transfer {
            let request = draft.order.request
            let delta = request.type == .transferIn ? request.amount.minorUnits : -request.amount.minorUnits
            return Transfer(
                transferNo: draft.transferNo,
                merchantNo: draft.order.merchantNo,
                transferUniqueNo: request.transferUniqueNo,
                cardholderNo: request.cardholderNo,
                type: request.type,
                currency: Self.currency,
                amountMinor: request.amount.minorUnits,
                beforeBalanceMinor: after - delta,
                afterBalanceMinor: after,
                entryID: draft.entryID,
                createdAtMs: nowMs
            )
        }
    }
}
