import CardplaneCore
import CardplaneStore
import CardplaneVault
import SQLKit

extension CardTransactions {
    /// Decides again under the card's lock and, if the spend still passes, holds amount and fees on
    /// the payer and records the `Pending` consumption, in one transaction. The card, its spend and
    /// its free allowances are read inside that transaction, after the spends decided before it
    /// committed, so concurrent spends never pass a limit (or use a free allowance) together.
    ///
    /// - Throws: ``SpendRefused`` when the fresh card or spend declines it, or
    ///   ``LedgerError/insufficientFunds(accountID:)`` when the payer is short; nothing written.
    func hold(_ request: AuthorizationRequest, context: CardContext, consumeNo: String) async throws -> Consumption {
        let nowMs = clock.nowMs()
        let stored: Consumption? = try await store.withTransaction { database in
            var context = context
            guard let card = try await CardRecords(database).lockedCard(no: request.cardNo) else {
                throw TransactionError.unknownCard
            }
            context.card = card
            let usage = try await Self.spendUsage(cardNo: card.cardNo, nowMs: nowMs, in: database)
            if let reason = context.declineReason(for: request, usage: usage, nowMs: nowMs) {
                throw SpendRefused(reason: reason, context: context)
            }
            let allowance = try await Self.allowanceUsage(context, nowMs: nowMs, in: database)
            let fees = context.calculator?.approvalFees(for: request, allowance: allowance) ?? []
            let holdID = CredentialGenerator.identifier(prefix: "hold")
            let record = pendingRecord(request, context: context, fees: fees, ids: (consumeNo, holdID), nowMs: nowMs)
            let code = Self.currency.code
            let ledger = LedgerRecords(database)
            try await ledger.ensureAccount(context.payer, currency: code, nowMs: nowMs)
            try await ledger.place(
                Hold(
                    holdID: holdID,
                    accountID: LedgerAccount.id(of: context.payer, currency: code),
                    amountMinor: request.amount.minorUnits + fees.reduce(0) { $0 + $1.amount.minorUnits },
                    state: .pending,
                    expiresAtMs: nowMs + settings.holdLifetimeMs
                ),
                nowMs: nowMs
            )
            // A concurrent repeat of the same network id won: roll back this hold.
            guard try await ConsumptionRecords(database).insert(record, entryID: nil) else { return nil }
            try await ConsumptionEvents.record(record, created: true, in: database)
            return record
        }
        if let stored { return stored }
        guard let existing = try await recorded(networkTransactionID: request.networkTransactionID) else {
            throw TransactionError.unknownTransaction
        }
        return existing
    }

    /// The `Pending` consumption of an approved spend holding its money under `ids.holdID`.
    private func pendingRecord(
        _ request: AuthorizationRequest,
        context: CardContext,
        fees: [FeeItem],
        ids: (consumeNo: String, holdID: String),
        nowMs: Int64
    ) -> Consumption {
        Consumption(
            consumeNo: ids.consumeNo,
            merchantNo: context.card.merchantNo,
            cardNo: context.card.cardNo,
            cardholderNo: context.card.cardholderNo,
            type: request.kind == .atm ? .atm : .consumption,
            status: .pending,
            amount: Amount(minorUnits: request.amount.minorUnits, scale: Self.currency.scale),
            currency: Self.currency.code,
            localAmount: request.localAmount,
            localCurrency: request.localCurrency,
            fees: fees,
            network: NetworkDetails(
                transactionID: request.networkTransactionID,
                holdID: ids.holdID,
                merchant: request.merchant
            ),
            createdAtMs: nowMs,
            updatedAtMs: nowMs
        )
    }

    /// A spend the rules decline once decided again under the card's lock (`context` holds the card
    /// as read there).
    struct SpendRefused: Error {
        var reason: DeclineReason
        var context: CardContext
    }

    /// Records a declined authorization with its reason and, when the reason costs one and the free
    /// allowance is used up, the decline fee (waived when the payer cannot cover it).
    func decline(
        _ request: AuthorizationRequest,
        context: CardContext,
        reason: DeclineReason,
        consumeNo: String? = nil
    ) async throws -> Outcome {
        let nowMs = clock.nowMs()
        let allowance = try await allowanceUsage(context, nowMs: nowMs)
        let fees = context.calculator?.declineFees(reason: reason, allowance: allowance) ?? []
        var generator = SystemRandomNumberGenerator()
        let draft = Consumption(
            consumeNo: consumeNo ?? PublicNumber.make(.consumption, nowMs: nowMs, using: &generator),
            merchantNo: context.card.merchantNo,
            cardNo: context.card.cardNo,
            cardholderNo: context.card.cardholderNo,
            type: request.kind == .atm ? .atm : .consumption,
            status: .fail,
            amount: Amount(minorUnits: request.amount.minorUnits, scale: Self.currency.scale),
            currency: Self.currency.code,
            localAmount: request.localAmount,
            localCurrency: request.localCurrency,
            remark: reason.text,
            network: NetworkDetails(
                transactionID: request.networkTransactionID,
                holdID: nil,
                merchant: request.merchant,
                declineReason: reason
            ),
            createdAtMs: nowMs,
            updatedAtMs: nowMs
        )
        let stored: Consumption? = try await store.withTransaction { database in
            var record = draft
            record.fees = try await FeeCharging.charge(
                fees,
                payer: context.payer,
                reference: record.consumeNo,
                nowMs: nowMs,
                in: database
            )
            guard try await ConsumptionRecords(database).insert(record, entryID: nil) else { return nil }
            try await ConsumptionEvents.record(record, created: true, in: database)
            return record
        }
        if let stored { return Outcome(consumption: stored) }
        guard let existing = try await recorded(networkTransactionID: request.networkTransactionID) else {
            throw TransactionError.unknownTransaction
        }
        return Outcome(consumption: existing)
    }
}

/// Charging fees that are not part of a held payment (declines, cancellations).
enum FeeCharging {
    /// Takes `fees` from `payer` to the platform's fee account, in the caller's transaction, through a
    /// hold posted at once (so a short payer changes nothing). Returns the fees charged: all of
    /// them, or none when the payer's available balance cannot cover them (waived, never overdrawn).
    static func charge(
        _ fees: [FeeItem],
        payer: LedgerAccount.Owner,
        reference: String,
        nowMs: Int64,
        in database: any SQLDatabase
    ) async throws -> [FeeItem] {
        let total = fees.reduce(0) { $0 + $1.amount.minorUnits }
        guard total > 0 else { return [] }
        let code = CardTransactions.currency.code
        let ledger = LedgerRecords(database)
        try await ledger.ensureAccount(payer, currency: code, nowMs: nowMs)
        try await ledger.ensureAccount(CardTransactions.feesOwner, currency: code, nowMs: nowMs)
        let holdID = CredentialGenerator.identifier(prefix: "hold")
        do {
            try await ledger.place(
                Hold(
                    holdID: holdID,
                    accountID: LedgerAccount.id(of: payer, currency: code),
                    amountMinor: total,
                    state: .pending,
                    expiresAtMs: nowMs + 1
                ),
                nowMs: nowMs
            )
        } catch LedgerError.insufficientFunds {
            return []
        }
        try await ledger.resolve(
            holdID: holdID,
            .post(amountMinor: total),
            credits: { [(LedgerAccount.id(of: CardTransactions.feesOwner, currency: code), $0)] },
            entryID: CredentialGenerator.identifier(prefix: "ent"),
            kind: "fee",
            reference: reference,
            nowMs: nowMs
        )
        return fees
    }
}
