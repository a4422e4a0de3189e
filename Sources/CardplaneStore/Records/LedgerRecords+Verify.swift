import CardplaneCore
import SQLKit

/// What `cardplane ledger verify` found.
public struct LedgerVerification: Sendable, Equatable {
    public var accounts: Int
    public var entries: Int
    public var postings: Int
    /// Sum of every account's balance, in minor units; zero in a healthy ledger.
    public var balanceSum: Int64
    /// Each problem found, described without amounts of money a log should not carry beyond the id.
    public var problems: [String]

    public var isClean: Bool { problems.isEmpty && balanceSum == 0 }
}

extension LedgerRecords {
    /// Recomputes every balance from postings and checks every invariant of the ledger.
    public func verify() async throws -> LedgerVerification {
        var problems: [String] = []
        for row in try await database.raw(
            """
            SELECT a.account_id FROM ledger_account a
            LEFT JOIN (SELECT account_id, CAST(SUM(amount_minor) AS BIGINT) AS total FROM ledger_posting
                       GROUP BY account_id) p ON p.account_id = a.account_id
            WHERE a.balance_minor <> COALESCE(p.total, 0)
            """
        ).all() {
            problems.append("balance drift on \(try row.decode(column: "account_id", as: String.self))")
        }
        for row in try await database.raw(
            "SELECT entry_id FROM ledger_posting GROUP BY entry_id HAVING CAST(SUM(amount_minor) AS BIGINT) <> 0"
        ).all() {
            problems.append("unbalanced entry \(try row.decode(column: "entry_id", as: String.self))")
        }
        for row in try await database.raw(
            """
            SELECT a.account_id FROM ledger_account a
            LEFT JOIN (SELECT account_id, CAST(SUM(amount_minor) AS BIGINT) AS total FROM ledger_hold
                       WHERE state = 'pending' GROUP BY account_id) h ON h.account_id = a.account_id
            WHERE a.held_minor <> COALESCE(h.total, 0)
            """
        ).all() {
            problems.append("held amount drift on \(try row.decode(column: "account_id", as: String.self))")
        }
        for row in try await database.raw(
            """
            SELECT account_id FROM ledger_account
            WHERE (owner_type = 'platform' AND allows_negative <> 1) OR (owner_type <> 'platform' AND allows_negative <> 0)
            """
        ).all() {
            problems.append("wrong overdraft permission on \(try row.decode(column: "account_id", as: String.self))")
        }
        for row in try await database.raw(
            "SELECT account_id FROM ledger_account WHERE allows_negative = 0 AND balance_minor - held_minor < 0"
        ).all() {
            problems.append("overdrawn account \(try row.decode(column: "account_id", as: String.self))")
        }
        for row in try await database.raw(
            "SELECT entry_id FROM ledger_entry e WHERE NOT EXISTS (SELECT 1 FROM ledger_posting p WHERE p.entry_id = e.entry_id)"
        ).all() {
            problems.append("entry without postings \(try row.decode(column: "entry_id", as: String.self))")
        }
        return LedgerVerification(
            accounts: try await count("SELECT COUNT(*) AS n FROM ledger_account"),
            entries: try await count("SELECT COUNT(*) AS n FROM ledger_entry"),
            postings: try await count("SELECT COUNT(*) AS n FROM ledger_posting"),
            balanceSum: try await database.raw(
                "SELECT CAST(COALESCE(SUM(balance_minor), 0) AS BIGINT) AS total FROM ledger_account"
            ).first()?.decode(column: "total", as: Int64.self) ?? 0,
            problems: problems
        )
    }

    private func count(_ query: SQLQueryString) async throws -> Int {
        Int(try await database.raw(query).first()?.decode(column: "n", as: Int64.self) ?? 0)
    }
}
