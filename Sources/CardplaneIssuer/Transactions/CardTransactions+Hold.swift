import CardplaneCore
import CardplaneStore
import CardplaneVault
import SQLKit

extension CardTransactions {
    /// Decides again under the card's lock and, if the spend still passes, holds amount and fees on
    /// the payer and records the `Pending` consumption and its event — committed together with the
    /// holds of the authorizations made at the same time (``AuthorizationHolds``).
    ///
    /// - Throws: ``SpendRefused`` when the fresh card or spend declines it, or
    ///   ``LedgerError/insufficientFunds(accountID:)`` when the payer is short; nothing written.
    func hold(_ request: AuthorizationRequest, context: CardContext, consumeNo: String) async throws -> Consumption {
        try await holds.hold(.init(request: request, context: context, consumeNo: consumeNo))
    }

    /// The `Pending` consumption of an approved spend holding its money under `ids.holdID`.
    static func pendingRecord(
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
        do {
            return Outcome(
                consumption: try await store.withTransaction { database in
                    var record = draft
                    record.fees = try await FeeCharging.charge(
                        fees,
                        payer: context.payer,
                        reference: record.consumeNo,
                        nowMs: nowMs,
                        in: database
                    )
                    // A repeat of the same network id was recorded first: roll back the fee too.
                    guard try await ConsumptionRecords(database).insert(record, entryID: nil) else {
                        throw RepeatedNetworkID()
                    }
                    try await ConsumptionEvents.record(record, created: true, in: database)
                    return record
                }
            )
        } catch is RepeatedNetworkID {
            guard let existing = try await recorded(networkTransactionID: request.networkTransactionID) else {
                throw TransactionError.unknownTransaction
            }
            return Outcome(consumption: existing)
        }
    }

    /// A network transaction id that already has a record.
    struct RepeatedNetworkID: Error {}
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
