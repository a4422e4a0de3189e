public import CardplaneCore
import CardplaneStore
import CardplaneVault
import SQLKit

extension CardTransactions {
    /// Reverses a pending authorization, fully (`amount` nil or all that is left: the hold is voided
    /// and the authorization ends `Fail`) or partly (the hold shrinks by `amount`). Writes a
    /// `Reversal` record related to the original, with the cancel fee when it applies (waived when
    /// the payer cannot cover it). Idempotent on `messageID`; returns the `Reversal` record.
    public func reverse(networkTransactionID: String, amount: Amount?, messageID: String) async throws -> Consumption {
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
            let reversed = try Self.validated(amount ?? left, atMost: left)
            let full = reversed.minorUnits == left.minorUnits
            let newHoldID = try await shrink(
                holdID: holdID,
                by: reversed.minorUnits + (full ? record.feeTotal.minorUnits : 0),
                payer: context.payer,
                nowMs: nowMs,
                in: database
            )
            let previousVersion = record.version
            record.status = full ? .fail : .pending
            record.remark = full ? "reversed" : record.remark
            record.network?.holdID = newHoldID
            record.network?.returnedMinor += reversed.minorUnits
            record.version += 1
            record.updatedAtMs = nowMs
            guard try await records.update(record, expectedVersion: previousVersion) else {
                throw TransactionError.notPending
            }
            let fees = context.calculator?.cancelFees(reversedAmount: reversed) ?? []
            var reversal = Self.returnRecord(
                of: record,
                type: .reversal,
                amount: reversed,
                messageID: messageID,
                nowMs: nowMs
            )
            reversal.fees = try await FeeCharging.charge(
                fees,
                payer: context.payer,
                reference: reversal.consumeNo,
                nowMs: nowMs,
                in: database
            )
            return try await finish(reversal, original: record, messageID: messageID, kind: "reverse", in: database)
        }
    }

    /// Releases `amount` of a pending hold: voids it and, when something is left, holds the rest
    /// again (same expiry). Returns the id of the hold now covering the authorization, if any.
    func shrink(
        holdID: String,
        by amount: Int64,
        payer: LedgerAccount.Owner,
        nowMs: Int64,
        in database: any SQLDatabase
    ) async throws -> String? {
        let ledger = LedgerRecords(database)
        guard let hold = try await ledger.hold(id: holdID), hold.state == .pending else {
            throw TransactionError.notPending
        }
        try await ledger.resolve(
            holdID: holdID,
            .void,
            counterpartyAccountID: hold.accountID,
            entryID: CredentialGenerator.identifier(prefix: "ent"),
            nowMs: nowMs
        )
        let rest = hold.amountMinor - amount
        guard rest > 0 else { return nil }
        let newHoldID = CredentialGenerator.identifier(prefix: "hold")
        try await ledger.place(
            Hold(
                holdID: newHoldID,
                accountID: hold.accountID,
                amountMinor: rest,
                state: .pending,
                expiresAtMs: hold.expiresAtMs
            ),
            nowMs: nowMs
        )
        return newHoldID
    }

    /// Refunds part or all of a captured payment: the network settlement pays back `amount`, the
    /// payer receives it less the refund fee. Writes a `Refund` record related to the original.
    /// Idempotent on `messageID`; returns the `Refund` record.
    public func refund(networkTransactionID: String, amount: Amount, messageID: String) async throws -> Consumption {
        if let done = try await processed(messageID: messageID) { return done }
        let context = try await loadContext(cardNo: try await original(networkTransactionID).cardNo)
        let nowMs = clock.nowMs()
        return try await store.withTransaction { database in
            let records = ConsumptionRecords(database)
            guard var record = try await records.record(networkTransactionID: networkTransactionID),
                let network = record.network
            else { throw TransactionError.unknownTransaction }
            guard record.status == .success else { throw TransactionError.notCleared }
            let left = Amount(minorUnits: network.clearedMinor - network.returnedMinor, scale: record.amount.scale)
            let refunded = try Self.validated(amount, atMost: left)
            let fees = context.calculator?.refundFees(refundAmount: refunded) ?? []
            let feeMinor = min(fees.reduce(0) { $0 + $1.amount.minorUnits }, refunded.minorUnits)
            let code = Self.currency.code
            let ledger = LedgerRecords(database)
            for owner in [Self.settlementOwner, Self.feesOwner, context.payer] {
                try await ledger.ensureAccount(owner, currency: code, nowMs: nowMs)
            }
            let settlement = LedgerAccount.id(of: Self.settlementOwner, currency: code)
            let payer = LedgerAccount.id(of: context.payer, currency: code)
            var postings = [
                JournalEntry.Posting(accountID: settlement, amountMinor: -refunded.minorUnits),
                JournalEntry.Posting(accountID: payer, amountMinor: refunded.minorUnits - feeMinor),
            ]
            if feeMinor > 0 {
                let fees = LedgerAccount.id(of: Self.feesOwner, currency: code)
                postings.append(.init(accountID: fees, amountMinor: feeMinor))
            }
            let entryID = CredentialGenerator.identifier(prefix: "ent")
            try await ledger.post(
                JournalEntry(postings: postings.filter { $0.amountMinor != 0 }),
                entryID: entryID,
                kind: "refund",
                reference: record.consumeNo,
                nowMs: nowMs
            )
            let previousVersion = record.version
            record.network?.returnedMinor += refunded.minorUnits
            record.version += 1
            record.updatedAtMs = nowMs
            guard try await records.update(record, expectedVersion: previousVersion) else {
                throw TransactionError.notCleared
            }
            var refund = Self.returnRecord(
                of: record,
                type: .refund,
                amount: refunded,
                messageID: messageID,
                nowMs: nowMs
            )
            refund.fees = feeMinor > 0 ? fees : []
            return try await finish(
                refund,
                original: record,
                messageID: messageID,
                kind: "refund",
                in: database,
                entryID: entryID
            )
        }
    }

    /// A `Reversal` or `Refund` record of `original`, keyed on the message id as its network id.
    static func returnRecord(
        of original: Consumption,
        type: ConsumptionType,
        amount: Amount,
        messageID: String,
        nowMs: Int64
    ) -> Consumption {
        var generator = SystemRandomNumberGenerator()
        return Consumption(
            consumeNo: PublicNumber.make(.consumption, nowMs: nowMs, using: &generator),
            merchantNo: original.merchantNo,
            cardNo: original.cardNo,
            cardholderNo: original.cardholderNo,
            relatedConsumeNo: original.consumeNo,
            type: type,
            status: .success,
            amount: amount,
            currency: original.currency,
            localAmount: amount,
            localCurrency: original.currency,
            network: original.network.map {
                NetworkDetails(transactionID: "msg:" + messageID, holdID: nil, merchant: $0.merchant)
            },
            createdAtMs: nowMs,
            updatedAtMs: nowMs
        )
    }

    /// Stores a reversal or refund with the message that made it and both records' events.
    func finish(
        _ record: Consumption,
        original: Consumption,
        messageID: String,
        kind: String,
        in database: any SQLDatabase,
        entryID: String? = nil
    ) async throws -> Consumption {
        let nowMs = record.createdAtMs
        guard try await ConsumptionRecords(database).insert(record, entryID: entryID),
            try await NetworkMessageRecords(database).insert(
                messageID: messageID,
                kind: kind,
                consumeNo: record.consumeNo,
                nowMs: nowMs
            )
        else { throw TransactionError.notPending }
        try await ConsumptionEvents.record(original, created: false, in: database)
        try await ConsumptionEvents.record(record, created: true, in: database)
        return record
    }
}
