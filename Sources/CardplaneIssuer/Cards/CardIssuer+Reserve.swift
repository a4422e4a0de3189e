import CardplaneCore
import CardplaneNetwork
import CardplaneStore
import CardplaneVault
import SQLKit

extension CardIssuer {
    /// A card stored as `Pending` with its secrets sealed, its issuance counted and its fee held,
    /// waiting for the provider.
    struct Reservation: Sendable {
        var card: Card
        var feeHoldID: String?
        var providerRequest: ProviderIssueRequest
    }

    /// A number or PAN another card drew first; the attempt rolled back and is retried.
    struct NumberCollision: Error {}

    /// Stores the card as `Pending` in one transaction: the card, its vault row, one unit of the
    /// merchant's issuance limit and a hold on the issuance fee. A card or PAN number drawn twice
    /// (rare) rolls the attempt back and draws again.
    func reserve(
        _ application: CardApplication,
        product: ResolvedProduct,
        address: CardAddress?,
        merchantNo: String
    ) async throws -> Reservation {
        let vault = try await vaultKeys.vault()
        for _ in 0..<Limits.uniqueNumberAttemptsMax {
            var generator = SystemRandomNumberGenerator()
            let nowMs = clock.nowMs()
            let cardNo = PublicNumber.make(.card, nowMs: nowMs, using: &generator)
            let secrets = CardSecrets.generate(
                bin: product.bin.bin,
                issuedOn: CivilDate(unixDays: nowMs / 86_400_000),
                using: &generator
            )
            let card = Card(
                cardNo: cardNo,
                merchantNo: merchantNo,
                cardholderNo: application.cardholderNo,
                cardUniqueNo: application.cardUniqueNo,
                cardType: application.cardType,
                cardBinNo: product.bin.cardBinNo,
                packageNo: product.package?.packageNo,
                organization: product.bin.organization,
                lastFour: secrets.pan.lastFour,
                status: .pending,
                version: 1,
                createdAtMs: nowMs,
                updatedAtMs: nowMs
            )
            do {
                let holdID = try await store.withTransaction { database in
                    try await insertReservation(
                        card,
                        secrets: secrets,
                        address: address,
                        product: product,
                        vault: vault,
                        in: database
                    )
                }
                let request = ProviderIssueRequest(
                    cardNo: cardNo,
                    cardUniqueNo: application.cardUniqueNo,
                    cardType: application.cardType,
                    bin: product.bin.bin,
                    secrets: secrets
                )
                return Reservation(card: card, feeHoldID: holdID, providerRequest: request)
            } catch is NumberCollision {
                continue
            }
        }
        throw StoreError.uniqueNumberExhausted(table: "card")
    }

    /// The writes of ``reserve(_:product:address:merchantNo:)``, in the caller's transaction.
    /// Returns the fee hold's id, if there is a fee.
    private func insertReservation(
        _ card: Card,
        secrets: CardSecrets,
        address: CardAddress?,
        product: ResolvedProduct,
        vault: CardVault,
        in database: any SQLDatabase
    ) async throws -> String? {
        let nowMs = card.createdAtMs
        if try await CardRecords(database).exists(cardNo: card.cardNo) { throw NumberCollision() }
        let digest = vault.digest(of: secrets.pan)
        if try await CardSecretRecords(database).exists(panDigest: digest) { throw NumberCollision() }
        let holdID = product.feeMinor > 0 ? CredentialGenerator.identifier(prefix: "hold") : nil
        let sealedAddress = try address.map {
            try vault.seal(Sensitive(AddressCodec.encode($0)), field: .address, cardNo: card.cardNo)
        }
        let details = CardRecords.IssuanceDetails(feeHoldID: holdID, sealedAddress: sealedAddress)
        guard try await CardRecords(database).insert(card, details: details) else {
            throw CardplaneError(.cardUniqueNoExists)
        }
        let counted = try await CatalogAssignmentRecords(database).reserveIssuance(
            merchantNo: card.merchantNo,
            productNo: product.productNo,
            nowMs: nowMs
        )
        guard counted else { throw CardplaneError(.cardIssuanceLimitReached) }
        if let holdID { try await holdFee(holdID: holdID, product: product, nowMs: nowMs, in: database) }
        let stored = try await CardSecretRecords(database).insert(
            cardNo: card.cardNo,
            panDigest: digest,
            sealedPAN: try vault.seal(Sensitive(secrets.pan.digits), field: .pan, cardNo: card.cardNo),
            sealedCVV: try vault.seal(Sensitive(secrets.cvv), field: .cvv, cardNo: card.cardNo),
            sealedExpiry: try vault.seal(
                Sensitive(secrets.expiryMonth + "/" + secrets.expiryYear),
                field: .expiry,
                cardNo: card.cardNo
            ),
            nowMs: nowMs
        )
        guard stored else { throw NumberCollision() }
        return holdID
    }

    /// Holds the issuance fee on the payer's account.
    ///
    /// - Throws: 3008 or 3007 (``ResolvedProduct/shortOfFee``) when the available balance is short.
    private func holdFee(
        holdID: String,
        product: ResolvedProduct,
        nowMs: Int64,
        in database: any SQLDatabase
    )
        async throws
    {
        let ledger = LedgerRecords(database)
        try await ledger.ensureAccount(product.payer, currency: Self.currency.code, nowMs: nowMs)
        let hold = Hold(
            holdID: holdID,
            accountID: LedgerAccount.id(of: product.payer, currency: Self.currency.code),
            amountMinor: product.feeMinor,
            state: .pending,
            expiresAtMs: nowMs + settings.providerTimeoutMs + Limits.issuanceHoldGraceMs
        )
        do {
            try await ledger.place(hold, nowMs: nowMs)
        } catch LedgerError.insufficientFunds {
            throw CardplaneError(product.shortOfFee)
        }
    }
}
