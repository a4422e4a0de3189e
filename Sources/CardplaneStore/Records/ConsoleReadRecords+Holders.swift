public import CardplaneCore
import SQLKit

/// The console's lists of cardholders, cards, ledger accounts and postings: newest first (accounts
/// by id), a page at a time by keyset, each on an index that starts with its filter and order.
extension ConsoleReadRecords {
    /// Where a page starts: after this row in the list's order.
    public struct Cursor: Sendable, Equatable {
        public var createdAtMs: Int64
        public var number: String

        public init(createdAtMs: Int64, number: String) {
            self.createdAtMs = createdAtMs
            self.number = number
        }
    }

    /// Cardholders, newest first: one merchant's, or every merchant's.
    public func cardholders(merchantNo: String?, after cursor: Cursor?, limit: Int) async throws -> [Cardholder] {
        try await database.raw(Self.cardholdersQuery(merchantNo: merchantNo, after: cursor, limit: limit)).all()
            .map(CardholderRecords.cardholder(from:))
    }

    static func cardholdersQuery(merchantNo: String?, after cursor: Cursor?, limit: Int) -> SQLQueryString {
        """
        SELECT * FROM cardholder \(conditions(merchantNo: merchantNo, cursor: cursor, number: "cardholder_no"))
        ORDER BY created_at_ms DESC, cardholder_no DESC LIMIT \(literal: limit)
        """
    }

    /// Cards, newest first: one merchant's or every merchant's, of one status or any.
    public func cards(
        merchantNo: String?,
        status: CardStatus?,
        after cursor: Cursor?,
        limit: Int
    ) async throws
        -> [Card]
    {
        try await database.raw(Self.cardsQuery(merchantNo: merchantNo, status: status, after: cursor, limit: limit))
            .all().map(CardRecords.card(from:))
    }

    static func cardsQuery(
        merchantNo: String?,
        status: CardStatus?,
        after cursor: Cursor?,
        limit: Int
    )
        -> SQLQueryString
    {
        let conditions = conditions(merchantNo: merchantNo, cursor: cursor, number: "card_no", status: status?.rawValue)
        return """
            SELECT * FROM card \(conditions)
            ORDER BY created_at_ms DESC, card_no DESC LIMIT \(literal: limit)
            """
    }

    /// `WHERE merchant_no = … AND status = … AND (created_at_ms, number) < cursor`, as far as given.
    static func conditions(
        merchantNo: String?,
        cursor: Cursor?,
        number: String,
        status: String? = nil
    )
        -> SQLQueryString
    {
        var conditions: [SQLQueryString] = []
        if let merchantNo { conditions.append("merchant_no = \(bind: merchantNo)") }
        if let status { conditions.append("status = \(bind: status)") }
        if let cursor {
            conditions.append(
                """
                (created_at_ms < \(bind: cursor.createdAtMs)
                    OR (created_at_ms = \(bind: cursor.createdAtMs) AND \(unsafeRaw: number) < \(bind: cursor.number)))
                """
            )
        }
        return conditions.isEmpty ? "" : "WHERE \(conditions.joined(separator: " AND "))"
    }

    /// Ledger accounts by id, after `afterAccountID`; only one owner type's when given.
    public func accounts(
        ownerType: String?,
        after afterAccountID: String?,
        limit: Int
    ) async throws
        -> [LedgerAccount]
    {
        try await database.raw(Self.accountsQuery(ownerType: ownerType, after: afterAccountID, limit: limit)).all()
            .map(LedgerRecords.account(from:))
    }

    static func accountsQuery(ownerType: String?, after afterAccountID: String?, limit: Int) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if let ownerType { conditions.append("owner_type = \(bind: ownerType)") }
        if let afterAccountID { conditions.append("account_id > \(bind: afterAccountID)") }
        let filtered: SQLQueryString = conditions.isEmpty ? "" : "WHERE \(conditions.joined(separator: " AND "))"
        return "SELECT * FROM ledger_account \(filtered) ORDER BY account_id LIMIT \(literal: limit)"
    }

    /// One posting of an account, with its entry.
    public struct Posting: Sendable, Equatable {
        public var entryID: String
        public var line: Int
        public var kind: String
        public var reference: String
        public var amountMinor: Int64
        public var createdAtMs: Int64
    }

    /// Where a page of postings starts: after this one, newest first.
    public struct PostingCursor: Sendable, Equatable {
        public var createdAtMs: Int64
        public var entryID: String
        public var line: Int

        public init(createdAtMs: Int64, entryID: String, line: Int) {
            self.createdAtMs = createdAtMs
            self.entryID = entryID
            self.line = line
        }
    }

    /// The account's postings, newest first, after `cursor`.
    public func postings(accountID: String, after cursor: PostingCursor?, limit: Int) async throws -> [Posting] {
        try await database.raw(Self.postingsQuery(accountID: accountID, after: cursor, limit: limit)).all().map { row in
            Posting(
                entryID: try row.decode(column: "entry_id", as: String.self),
                line: try row.decode(column: "line", as: Int.self),
                kind: try row.decode(column: "kind", as: String.self),
                reference: try row.decode(column: "reference", as: String.self),
                amountMinor: try row.decode(column: "amount_minor", as: Int64.self),
                createdAtMs: try row.decode(column: "created_at_ms", as: Int64.self)
            )
        }
    }

    static func postingsQuery(accountID: String, after cursor: PostingCursor?, limit: Int) -> SQLQueryString {
        var after: SQLQueryString = ""
        if let cursor {
            after = """
                AND (p.created_at_ms < \(bind: cursor.createdAtMs)
                    OR (p.created_at_ms = \(bind: cursor.createdAtMs) AND (p.entry_id < \(bind: cursor.entryID)
                        OR (p.entry_id = \(bind: cursor.entryID) AND p.line < \(bind: cursor.line)))))
                """
        }
        return """
            SELECT p.entry_id, p.line, p.amount_minor, p.created_at_ms, e.kind, e.reference
            FROM ledger_posting p JOIN ledger_entry e ON e.entry_id = p.entry_id
            WHERE p.account_id = \(bind: accountID) \(after)
            ORDER BY p.created_at_ms DESC, p.entry_id DESC, p.line DESC LIMIT \(literal: limit)
            """
    }

    /// Each account's net movement per hour since `sinceMs` (the reserve chart walks balances back
    /// from now with it).
    public func hourlyMovements(accountIDs: [String], sinceMs: Int64) async throws -> [String: [Int64: Int64]] {
        guard !accountIDs.isEmpty else { return [:] }
        let ids: [SQLQueryString] = accountIDs.map { "\(bind: $0)" }
        var movements: [String: [Int64: Int64]] = [:]
        for row in try await database.raw(
            """
            SELECT account_id, created_at_ms / 3600000 AS hour, CAST(SUM(amount_minor) AS BIGINT) AS moved
            FROM ledger_posting
            WHERE account_id IN (\(ids.joined(separator: ", "))) AND created_at_ms >= \(bind: sinceMs)
            GROUP BY account_id, created_at_ms / 3600000
            """
        ).all() {
            let accountID = try row.decode(column: "account_id", as: String.self)
            let hour = try row.decode(column: "hour", as: Int64.self)
            movements[accountID, default: [:]][hour * 3_600_000] = try row.decode(column: "moved", as: Int64.self)
        }
        return movements
    }
}
