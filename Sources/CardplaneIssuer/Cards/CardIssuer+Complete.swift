import CardplaneCore
import CardplaneStore
import CardplaneVault
import SQLKit

extension CardIssuer {
    /// The provider accepted the card: in one transaction, the card moves on (virtual `Activated`,
    /// physical stays `Pending` until produced), the fee hold is posted to the platform's fee account
    /// and recorded as an `Open_card` consumption.
    func complete(
        _ reservation: Reservation,
        product: ResolvedProduct,
        providerReference: String
    ) async throws
        -> Card
    {
        let nowMs = clock.nowMs()
        let card = reservation.card
        let target = CardStatus.afterIssuance(of: card.cardType)
        let producedAtMs = card.cardType == .physical ? nowMs + settings.productionDelayMs : nil
        return try await store.withTransaction { database in
            guard
                let updated = try await CardEvents.transition(
                    card,
                    to: target,
                    reason: "issued",
                    nowMs: nowMs,
                    producedAtMs: producedAtMs,
                    providerReference: providerReference,
                    in: database
                )
            else { throw StoreError.corruptRow(table: "card") }
            if let holdID = reservation.feeHoldID {
                try await chargeFee(holdID: holdID, card: updated, product: product, nowMs: nowMs, in: database)
            }
            return updated
        }
    }

    /// Posts the fee hold and writes the `Open_card` record.
    private func chargeFee(
        holdID: String,
        card: Card,
        product: ResolvedProduct,
        nowMs: Int64,
        in database: any SQLDatabase
    ) async throws {
        let ledger = LedgerRecords(database)
        let currency = Self.currency
        try await ledger.ensureAccount(Self.feeRevenueOwner, currency: currency.code, nowMs: nowMs)
        let entryID = CredentialGenerator.identifier(prefix: "ent")
        try await ledger.resolve(
            holdID: holdID,
            .post(amountMinor: product.feeMinor),
            counterpartyAccountID: LedgerAccount.id(of: Self.feeRevenueOwner, currency: currency.code),
            entryID: entryID,
            nowMs: nowMs
        )
        var generator = SystemRandomNumberGenerator()
        let fee = Amount(minorUnits: product.feeMinor, scale: currency.scale)
        let record = Consumption(
            consumeNo: PublicNumber.make(.consumption, nowMs: nowMs, using: &generator),
            merchantNo: card.merchantNo,
            cardNo: card.cardNo,
            cardholderNo: card.cardholderNo,
            type: .openCard,
            status: .success,
            amount: fee,
            currency: currency.code,
            localAmount: fee,
            localCurrency: currency.code,
            remark: "card issuance fee",
            createdAtMs: nowMs,
            updatedAtMs: nowMs
        )
        try await ConsumptionRecords(database).insert(record, entryID: entryID)
    }

    /// The provider refused or timed out: in one transaction, the card becomes `Fail`, its secrets
    /// are erased, the fee hold is voided and the issuance limit given back. Nothing happens when the
    /// card already left `Pending` (a completion or another failure won); returns whether it failed it.
    @discardableResult
    func fail(_ card: Card, feeHoldID: String?, productNo: String, reason: String) async throws -> Bool {
        let nowMs = clock.nowMs()
        return try await store.withTransaction { database in
            guard try await CardEvents.transition(card, to: .fail, reason: reason, nowMs: nowMs, in: database) != nil
            else { return false }
            try await CardSecretRecords(database).erase(cardNo: card.cardNo, nowMs: nowMs)
            try await CatalogAssignmentRecords(database).releaseIssuance(
                merchantNo: card.merchantNo,
                productNo: productNo,
                nowMs: nowMs
            )
            if let feeHoldID {
                try await LedgerRecords(database).resolve(
                    holdID: feeHoldID,
                    .void,
                    counterpartyAccountID: LedgerAccount.id(of: Self.feeRevenueOwner, currency: Self.currency.code),
                    entryID: CredentialGenerator.identifier(prefix: "ent"),
                    nowMs: nowMs
                )
            }
            return true
        }
    }
}
