import CardplaneCore
import CardplaneStore

extension CardIssuer {
    /// Fails applications the provider never answered for: cards still `Pending` without a provider
    /// reference well after the provider timeout (the process died between the reservation and the
    /// provider's answer, or before the completing transaction). Their fee hold is voided and the
    /// issuance limit given back, as for a refusal, so no money stays held for ever. Returns how many
    /// it failed. A provider that did register such a card is not told (no cancel call exists yet).
    @discardableResult
    public func failAbandonedApplications(limit: Int = 100) async throws -> Int {
        let cutoffMs = clock.nowMs() - settings.providerTimeoutMs - Limits.issuanceHoldGraceMs
        let abandoned = try await store.withConnection { database in
            try await CardRecords(database).abandonedApplications(createdBeforeMs: cutoffMs, limit: limit)
        }
        var failed = 0
        for card in abandoned {
            let feeHoldID = try await store.withConnection { try await CardRecords($0).feeHoldID(cardNo: card.cardNo) }
            let didFail = try await fail(
                card,
                feeHoldID: feeHoldID,
                productNo: card.packageNo ?? card.cardBinNo,
                reason: "no answer from the card provider"
            )
            if didFail { failed += 1 }
        }
        return failed
    }
}
