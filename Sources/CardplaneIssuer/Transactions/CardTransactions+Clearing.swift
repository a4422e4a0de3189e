public import CardplaneCore
import CardplaneStore
import CardplaneVault
import SQLKit

extension CardTransactions {
    /// Captures an authorization (spec §8.4 `Consumption`/`Atm` → `Success`): the hold is posted for
    /// `amount` (all that is left of the authorization after partial reversals when `nil`, or less:
    /// a partial clear releases the rest) plus the fees on
    /// that amount, split between the network settlement and the fee account. Idempotent on
    /// `messageID`.
    ///
    /// Fees follow the captured amount; whether a small-amount fee applies was decided at
    /// authorization and is not decided again.
    ///
    /// - Throws: ``TransactionError/unknownTransaction``, ``TransactionError/notPending``,
    ///   ``TransactionError/amountExceeds``, ``TransactionError/invalidAmount``.
    public func clear(networkTransactionID: String, amount: Amount?, messageID: String) async throws -> Consumption {
        if let done = try await processed(messageID: messageID) { return done }
        let context = try await loadContext(cardNo: try await original(networkTransactionID).cardNo)
        let nowMs = clock.nowMs()
        return try await store.withTransaction { database in
            let records = ConsumptionRecords(database)
            guard var record = try await records.record(networkTransactionID: networkTransactionID),
                let network = record.network
            else { throw TransactionError.unknownTransaction }
            guard record.status == .pending, let holdID = network.holdID else { throw TransactionError.notPending }
            let left = Amount(minorUnits: record.amount.minorUnits - network.returnedMinor, scale: record.amount.scale)
            let captured = try Self.validated(amount ?? left, atMost: left)
            let fees = Self.clearingFees(record, captured: captured, calculator: context.calculator)
            let feeMinor = fees.reduce(0) { $0 + $1.amount.minorUnits }
            let code = Self.currency.code
            let ledger = LedgerRecords(database)
            try await ledger.ensureAccount(Self.settlementOwner, currency: code, nowMs: nowMs)
            try await ledger.ensureAccount(Self.feesOwner, currency: code, nowMs: nowMs)
            let entryID = CredentialGenerator.identifier(prefix: "ent")
            do {
                try await ledger.resolve(
                    holdID: holdID,
                    .post(amountMinor: captured.minorUnits + feeMinor),
                    credits: { _ in
                        [
                            (LedgerAccount.id(of: Self.settlementOwner, currency: code), captured.minorUnits),
                            (LedgerAccount.id(of: Self.feesOwner, currency: code), feeMinor),
                        ]
                    },
                    entryID: entryID,
                    kind: "clearing",
                    reference: record.consumeNo,
                    nowMs: nowMs
                )
            } catch LedgerError.hold {
                throw TransactionError.notPending
            }
            let previousVersion = record.version
            record.status = .success
            record.fees = fees
            record.network?.holdID = nil
            record.network?.clearedMinor = captured.minorUnits
            // From capture on, `returned` counts refunds only: reversals already left the capture.
            record.network?.returnedMinor = 0
            record.version += 1
            record.updatedAtMs = nowMs
            guard try await records.update(record, expectedVersion: previousVersion, entryID: entryID) else {
                throw TransactionError.notPending
            }
            _ = try await NetworkMessageRecords(database).insert(
                messageID: messageID,
                kind: "clear",
                consumeNo: record.consumeNo,
                nowMs: nowMs
            )
            try await ConsumptionEvents.record(record, created: false, in: database)
            return record
        }
    }

    /// The fees of a capture of `captured`: recomputed on that amount, the small-amount fee kept as
    /// authorization decided it.
    static func clearingFees(_ record: Consumption, captured: Amount, calculator: FeeCalculator?) -> [FeeItem] {
        guard let calculator, let network = record.network else { return record.fees }
        let request = AuthorizationRequest(
            cardNo: record.cardNo,
            networkTransactionID: network.transactionID,
            kind: record.type == .atm ? .atm : .purchase,
            amount: captured,
            localAmount: record.localAmount,
            localCurrency: record.localCurrency,
            merchant: network.merchant,
            isApplePay: record.fees.contains { $0.type == .applePayAuthFee }
        )
        let recomputed = calculator.approvalFees(for: request, allowance: FreeAllowanceUsage(smallUsed: 0))
            .filter { $0.type != .smallFee }
        return recomputed + record.fees.filter { $0.type == .smallFee }
    }

    /// A positive two-decimal amount of at most `limit`.
    static func validated(_ amount: Amount, atMost limit: Amount) throws -> Amount {
        guard amount.scale == Self.currency.scale, amount.minorUnits > 0 else { throw TransactionError.invalidAmount }
        guard amount.minorUnits <= limit.minorUnits else { throw TransactionError.amountExceeds }
        return amount
    }

    /// The record a processed message produced, if the message was processed.
    func processed(messageID: String) async throws -> Consumption? {
        try await store.withConnection { database in
            guard let consumeNo = try await NetworkMessageRecords(database).consumeNo(messageID: messageID) else {
                return nil
            }
            return try await ConsumptionRecords(database).record(consumeNo: consumeNo)
        }
    }

    /// The authorization a network transaction id names.
    func original(_ networkTransactionID: String) async throws -> Consumption {
        guard let record = try await recorded(networkTransactionID: networkTransactionID) else {
            throw TransactionError.unknownTransaction
        }
        return record
    }
}
