import CardplaneCore
import CardplaneStore
import CardplaneVault

extension CardTransactions {
    /// Ends authorizations whose hold outlived its lifetime: the hold expires (the money is
    /// available again) and the authorization ends `Fail`, remark "authorization expired". Returns
    /// how many it ended. Safe to run from several processes: each hold resolves once.
    @discardableResult
    public func expireHolds(limit: Int = 100) async throws -> Int {
        let nowMs = clock.nowMs()
        let due = try await store.withConnection { database in
            try await ConsumptionRecords(database).expiredAuthorizations(nowMs: nowMs, limit: limit)
        }
        var expired = 0
        for candidate in due {
            guard let holdID = candidate.network?.holdID else { continue }
            let done = try await store.withTransaction { database -> Bool in
                do {
                    try await LedgerRecords(database).resolve(
                        holdID: holdID,
                        .expire,
                        counterpartyAccountID: "",
                        entryID: CredentialGenerator.identifier(prefix: "ent"),
                        nowMs: nowMs
                    )
                } catch LedgerError.hold {
                    return false
                }
                var record = candidate
                record.status = .fail
                record.remark = "authorization expired"
                record.network?.holdID = nil
                record.version += 1
                record.updatedAtMs = nowMs
                guard try await ConsumptionRecords(database).update(record, expectedVersion: candidate.version) else {
                    throw TransactionError.notPending
                }
                try await ConsumptionEvents.record(record, created: false, in: database)
                return true
            }
            if done { expired += 1 }
        }
        return expired
    }
}
