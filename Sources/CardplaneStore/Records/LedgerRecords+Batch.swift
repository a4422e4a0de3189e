public import CardplaneCore
import SQLKit

/// The ledger's group commit (ADR 0013): a batch of entries costs a fixed handful of statements —
/// create the accounts, lock and read their balances, then write the balances' moves, the entries
/// and their postings in one statement each — whatever the number of entries.
extension LedgerRecords {
    /// One entry of a batch, as it will be recorded.
    public struct BatchEntry: Sendable {
        public var entryID: String
        public var kind: String
        public var reference: String
        public var entry: JournalEntry

        public init(entryID: String, kind: String, reference: String, entry: JournalEntry) {
            self.entryID = entryID
            self.kind = kind
            self.reference = reference
            self.entry = entry
        }
    }

    /// The balances of the accounts of `owners` in `currency`, locked until the transaction ends,
    /// creating (with a zero balance) those that do not exist yet.
    public func lockedBalances(
        of owners: [LedgerAccount.Owner],
        currency: String,
        nowMs: Int64
    ) async throws -> [String: LedgerBatch.Balance] {
        var balances = try await lockedBalances(Set(owners.map { LedgerAccount.id(of: $0, currency: currency) }))
        let missing = owners.filter { balances[LedgerAccount.id(of: $0, currency: currency)] == nil }
        guard !missing.isEmpty else { return balances }
        try await ensureAccounts(missing, currency: currency, nowMs: nowMs)
        let created = try await lockedBalances(Set(missing.map { LedgerAccount.id(of: $0, currency: currency) }))
        balances.merge(created) { _, created in created }
        return balances
    }

    /// Creates the accounts of `owners` in `currency` that do not exist yet, in one statement, in
    /// account-id order (two batches creating the same accounts never wait on each other crosswise).
    public func ensureAccounts(_ owners: [LedgerAccount.Owner], currency: String, nowMs: Int64) async throws {
        var seen: Set<String> = []
        let rows: [SQLQueryString] = owners.map { ($0, LedgerAccount.id(of: $0, currency: currency)) }
            .filter { seen.insert($0.1).inserted }
            .sorted { $0.1 < $1.1 }
            .map { owner, accountID in
                """
                (\(bind: accountID), \(bind: owner.type), \(bind: owner.number), \(bind: currency), 0, 0,
                    \(bind: owner.allowsNegative ? 1 : 0), \(bind: nowMs), \(bind: nowMs))
                """
            }
        guard !rows.isEmpty else { return }
        try await database.raw(
            """
            INSERT INTO ledger_account (account_id, owner_type, owner_no, currency, balance_minor, held_minor,
                allows_negative, created_at_ms, updated_at_ms)
            VALUES \(rows.joined(separator: ", "))
            ON CONFLICT DO NOTHING
            """
        ).run()
    }

    /// The balances of `accountIDs`, locked until the transaction ends: on PostgreSQL row locks taken
    /// in account-id order; on SQLite the writer's lock already excludes every other writer.
    public func lockedBalances(_ accountIDs: Set<String>) async throws -> [String: LedgerBatch.Balance] {
        guard !accountIDs.isEmpty else { return [:] }
        let ids: [SQLQueryString] = accountIDs.sorted().map { "\(bind: $0)" }
        let lock: SQLQueryString = database.dialect.name == "postgresql" ? " FOR UPDATE" : ""
        let rows = try await database.raw(
            """
            SELECT account_id, balance_minor, held_minor, allows_negative FROM ledger_account
            WHERE account_id IN (\(ids.joined(separator: ", "))) ORDER BY account_id\(lock)
            """
        ).all()
        var balances: [String: LedgerBatch.Balance] = [:]
        for row in rows {
            balances[try row.decode(column: "account_id", as: String.self)] = LedgerBatch.Balance(
                balanceMinor: try row.decode(column: "balance_minor", as: Int64.self),
                heldMinor: try row.decode(column: "held_minor", as: Int64.self),
                allowsNegative: try row.decode(column: "allows_negative", as: Int64.self) == 1
            )
        }
        return balances
    }

    /// Records what `batch` applied: each account's balance and held amount moved by its change
    /// (the table's CHECK still guards every account), then `entries` and all their postings, then
    /// `holds` as pending.
    public func record(_ batch: LedgerBatch, entries: [BatchEntry], holds: [Hold] = [], nowMs: Int64) async throws {
        let changes: [SQLQueryString] = batch.changes.map {
            "(\(bind: $0.accountID), CAST(\(bind: $0.deltaMinor) AS BIGINT), CAST(\(bind: $0.heldDeltaMinor) AS BIGINT))"
        }
        // Entries of one batch may cancel out (an In and an Out of one amount): no balance moves,
        // but every entry is still recorded.
        if !changes.isEmpty {
            try await database.raw(
                """
                WITH moved (account_id, delta_minor, held_delta_minor) AS (VALUES \(changes.joined(separator: ", ")))
                UPDATE ledger_account SET balance_minor = balance_minor + moved.delta_minor,
                    held_minor = held_minor + moved.held_delta_minor, updated_at_ms = \(bind: nowMs)
                FROM moved WHERE ledger_account.account_id = moved.account_id
                """
            ).run()
        }
        try await insert(holds, nowMs: nowMs)
        guard !entries.isEmpty else { return }
        let entryRows: [SQLQueryString] = entries.map {
            "(\(bind: $0.entryID), \(bind: $0.kind), \(bind: $0.reference), \(bind: nowMs))"
        }
        try await database.raw(
            "INSERT INTO ledger_entry (entry_id, kind, reference, created_at_ms) VALUES \(entryRows.joined(separator: ", "))"
        ).run()
        let postingRows: [SQLQueryString] = entries.flatMap { entry in
            entry.entry.postings.enumerated().map { line, posting in
                """
                (\(bind: entry.entryID), \(bind: line), \(bind: posting.accountID), \(bind: posting.amountMinor),
                    \(bind: nowMs))
                """
            }
        }
        try await database.raw(
            """
            INSERT INTO ledger_posting (entry_id, line, account_id, amount_minor, created_at_ms)
            VALUES \(postingRows.joined(separator: ", "))
            """
        ).run()
    }

    /// Stores `holds` as pending, in one statement (the accounts' held amounts are the caller's).
    private func insert(_ holds: [Hold], nowMs: Int64) async throws {
        guard !holds.isEmpty else { return }
        let rows: [SQLQueryString] = holds.map { hold in
            precondition(hold.state == .pending)
            return """
                (\(bind: hold.holdID), \(bind: hold.accountID), \(bind: hold.amountMinor), 'pending',
                    \(bind: hold.expiresAtMs), \(bind: nowMs))
                """
        }
        try await database.raw(
            """
            INSERT INTO ledger_hold (hold_id, account_id, amount_minor, state, expires_at_ms, created_at_ms)
            VALUES \(rows.joined(separator: ", "))
            """
        ).run()
    }
}
