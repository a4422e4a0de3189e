import CardplaneCore
import CardplaneStore
import CardplaneVault

extension CardTransactions {
    /// Charges the management fee (spec §4.6.1 `manage_fee`) of every usable or frozen package card
    /// whose period ran out: a month (30 days) or a year (365 days) after the card was issued or its
    /// last `Manage_fee` record. Each charge is a `Manage_fee` consumption whose amount is the fee:
    /// `Success` when taken, `Fail` (remark "insufficient balance") when the payer is short (never
    /// overdrawn; the next period tries again), none when the package's free rule waives it.
    /// Returns how many records it wrote. Safe to rerun and to run from several processes at once:
    /// the card's row is locked while its period is checked, and a record ends the period.
    @discardableResult
    public func chargeManagementFees(batchSize: Int = 200) async throws -> Int {
        var after = ""
        var written = 0
        while true {
            let cursor = after
            let cards = try await store.withConnection { database in
                try await CardRecords(database).managedCards(afterCardNo: cursor, limit: batchSize)
            }
            for card in cards where try await chargeManagementFee(card) { written += 1 }
            guard let last = cards.last, cards.count == batchSize else { return written }
            after = last.cardNo
        }
    }

    /// The length of a management-fee period, or `nil` when the type charges none.
    static func periodMs(_ type: ManagementFeeType) -> Int64? {
        switch type {
        case .none: return nil
        case .monthly: return 30 * 86_400_000
        case .yearly: return 365 * 86_400_000
        }
    }

    /// Charges one card's fee if its period ran out; returns whether it wrote a record.
    func chargeManagementFee(_ card: Card) async throws -> Bool {
        let context = try await loadContext(cardNo: card.cardNo)
        guard let calculator = context.calculator, let period = Self.periodMs(calculator.schedule.manageFeeType) else {
            return false
        }
        let nowMs = clock.nowMs()
        let code = Self.currency.code
        // Most cards are not due: find that out with a read, not a write transaction.
        let lastCharged = try await store.withReader {
            try await ConsumptionRecords($0).lastManagementFeeMs(cardNo: card.cardNo)
        }
        guard nowMs - (lastCharged ?? card.createdAtMs) >= period else { return false }
        return try await store.withTransaction { database in
            // Serialise with other processes charging the same card: the second waits for the first
            // to commit, then sees its record and finds the period paid. (A read lock, not an update:
            // an update of the card would move the cache generation and empty every cache.)
            _ = try await CardRecords(database).lockedCards([card.cardNo])
            let records = ConsumptionRecords(database)
            let since = try await records.lastManagementFeeMs(cardNo: card.cardNo) ?? card.createdAtMs
            guard nowMs - since >= period else { return false }
            let ledger = LedgerRecords(database)
            try await ledger.ensureAccount(context.payer, currency: code, nowMs: nowMs)
            let balance = try await ledger.account(id: LedgerAccount.id(of: context.payer, currency: code))
            let available = Amount(minorUnits: balance?.availableMinor ?? 0, scale: Self.currency.scale)
            guard let fee = calculator.managementFeeDue(balance: available) else { return false }
            let charged = try await FeeCharging.charge(
                [FeeItem(type: .manageFee, amount: fee)],
                payer: context.payer,
                reference: card.cardNo,
                nowMs: nowMs,
                in: database
            )
            var generator = SystemRandomNumberGenerator()
            let record = Consumption(
                consumeNo: PublicNumber.make(.consumption, nowMs: nowMs, using: &generator),
                merchantNo: card.merchantNo,
                cardNo: card.cardNo,
                cardholderNo: card.cardholderNo,
                type: .manageFee,
                status: charged.isEmpty ? .fail : .success,
                amount: fee,
                currency: code,
                localAmount: fee,
                localCurrency: code,
                remark: charged.isEmpty ? "insufficient balance for the management fee" : "management fee",
                createdAtMs: nowMs,
                updatedAtMs: nowMs
            )
            try await records.insert(record, entryID: nil)
            try await ConsumptionEvents.record(record, created: true, in: database)
            return true
        }
    }
}
