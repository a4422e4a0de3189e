public import CardplaneCore
public import SQLKit

/// Accounts, journal entries and holds. Every method runs inside the caller's transaction.
public struct LedgerRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Creates `owner`'s account in `currency` if it does not exist yet. Safe under concurrency: the
    /// conflict clause has no target, so a racing insert on either unique key yields instead of failing.
    public func ensureAccount(_ owner: LedgerAccount.Owner, currency: String, nowMs: Int64) async throws {
        try await database.raw(
            """
            INSERT INTO ledger_account (account_id, owner_type, owner_no, currency, balance_minor, held_minor,
                allows_negative, created_at_ms, updated_at_ms)
            VALUES (\(bind: LedgerAccount.id(of: owner, currency: currency)), \(bind: owner.type), \(bind: owner.number),
                \(bind: currency), 0, 0, \(bind: owner.allowsNegative ? 1 : 0), \(bind: nowMs), \(bind: nowMs))
            ON CONFLICT DO NOTHING
            """
        ).run()
    }

    /// The account `accountID`, or `nil`.
    public func account(id accountID: String) async throws -> LedgerAccount? {
        guard
            let row = try await database.raw("SELECT * FROM ledger_account WHERE account_id = \(bind: accountID)")
                .first()
        else { return nil }
        return try Self.account(from: row)
    }

    /// Posts `entry`: each account's balance moves by its posting, in lock order, each debit only if
    /// the account may go negative or keeps its available balance at zero or more.
    ///
    /// - Returns: each account's balance after the entry.
    /// - Throws: ``LedgerError/insufficientFunds(accountID:)`` for the first debit that would overdraw;
    ///   the caller's transaction must then roll back (earlier postings of the entry were applied).
    @discardableResult
    public func post(
        _ entry: JournalEntry,
        entryID: String,
        kind: String,
        reference: String,
        nowMs: Int64
    )
        async throws -> [String: Int64]
    {
        var balances: [String: Int64] = [:]
        for posting in entry.postingsInLockOrder {
            let row = try await database.raw(
                """
                UPDATE ledger_account SET balance_minor = balance_minor + \(bind: posting.amountMinor),
                    updated_at_ms = \(bind: nowMs)
                WHERE account_id = \(bind: posting.accountID)
                  AND (allows_negative = 1 OR balance_minor - held_minor + \(bind: posting.amountMinor) >= 0)
                RETURNING balance_minor
                """
            ).first()
            guard let row else { throw LedgerError.insufficientFunds(accountID: posting.accountID) }
            balances[posting.accountID] = try row.decode(column: "balance_minor", as: Int64.self)
        }
        try await database.raw(
            """
            INSERT INTO ledger_entry (entry_id, kind, reference, created_at_ms)
            VALUES (\(bind: entryID), \(bind: kind), \(bind: reference), \(bind: nowMs))
            """
        ).run()
        var values: [SQLQueryString] = []
        for (line, posting) in entry.postings.enumerated() {
            values.append(
                "(\(bind: entryID), \(bind: line), \(bind: posting.accountID), \(bind: posting.amountMinor), \(bind: nowMs))"
            )
        }
        try await database.raw(
            """
            INSERT INTO ledger_posting (entry_id, line, account_id, amount_minor, created_at_ms)
            VALUES \(values.joined(separator: ", "))
            """
        ).run()
        return balances
    }

    static func account(from row: any SQLRow) throws -> LedgerAccount {
        let type = try row.decode(column: "owner_type", as: String.self)
        let number = try row.decode(column: "owner_no", as: String.self)
        let owner: LedgerAccount.Owner
        switch type {
        case "merchant": owner = .merchant(number)
        case "cardholder": owner = .cardholder(number)
        case "platform": owner = .platform(number)
        default: throw StoreError.corruptRow(table: "ledger_account")
        }
        return LedgerAccount(
            accountID: try row.decode(column: "account_id", as: String.self),
            owner: owner,
            currency: try row.decode(column: "currency", as: String.self),
            balanceMinor: try row.decode(column: "balance_minor", as: Int64.self),
            heldMinor: try row.decode(column: "held_minor", as: Int64.self),
            allowsNegative: try row.decode(column: "allows_negative", as: Int64.self) == 1
        )
    }
}

/// Ledger refusals the caller maps to its own codes (3002, 3007, 3008…).
public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    case insufficientFunds(accountID: String)
    case holdNotFound
    case hold(HoldError)

    public var description: String {
        switch self {
        case .insufficientFunds: return "insufficient funds"
        case .holdNotFound: return "hold not found"
        case .hold(let error): return "hold cannot be resolved: \(error)"
        }
    }
}
