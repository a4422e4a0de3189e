public import CardplaneCore
public import SQLKit

/// Exact `total`s of the merchant lists without counting millions of rows (ADR 0018).
///
/// Rows of a list are only ever inserted, stamped with the time they are written. So once an hour
/// has closed — and a grace period has passed for transactions still committing rows stamped in
/// it — its count per merchant never changes again. ``rollUp(_:until:)`` stores those counts; a
/// total adds the stored hours inside its range to a live count of what lies outside them (the
/// partial hours at its ends and the hours not yet rolled up).
public struct ListCountRecords: Sendable {
    /// A list whose rows are counted by hour: its table, and the column of its rows' numbers.
    public enum List: String, Sendable, CaseIterable {
        case cardholders = "cardholder"
        case cards = "card"
        case transfers = "account_transfer"
        case consumptions = "card_consumption"

        var table: SQLIdentifier { SQLIdentifier(rawValue) }
    }

    public static let hourMs: Int64 = 3_600_000
    /// The most hours one transaction of ``rollUp(_:until:)`` counts, so catching up never holds
    /// the writer for long.
    static let hoursPerPass: Int64 = 24 * 7

    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Where counting stands for `list`: every hour before this is stored; `nil` before the first pass.
    public func countedUntil(_ list: List) async throws -> Int64? {
        try await database.raw(
            "SELECT counted_until_ms FROM list_count_watermark WHERE list = \(bind: list.rawValue)"
        ).first()?.decode(column: "counted_until_ms", as: Int64.self)
    }

    /// Stores the per-merchant counts of the hours after the watermark, up to `untilMs` (an hour
    /// boundary) and at most ``hoursPerPass`` of them, and moves the watermark; returns whether it
    /// moved. Run in a transaction: the watermark moves by compare-and-set, so of two processes
    /// rolling up at once one counts and the other finds the work done.
    public func rollUp(_ list: List, until untilMs: Int64) async throws -> Bool {
        precondition(untilMs % Self.hourMs == 0, "counts end on an hour")
        let start: Int64
        if let counted = try await countedUntil(list) {
            start = counted
        } else {
            let oldest = try await database.raw(
                "SELECT CAST(MIN(created_at_ms) AS BIGINT) AS oldest FROM \(list.table)"
            ).first()?.decode(column: "oldest", as: Int64?.self)
            start = min(Self.hourStart(oldest ?? untilMs), untilMs)
            try await database.raw(
                """
                INSERT INTO list_count_watermark (list, counted_until_ms) VALUES (\(bind: list.rawValue), \(bind: start))
                ON CONFLICT (list) DO NOTHING
                """
            ).run()
        }
        let end = min(untilMs, start + Self.hoursPerPass * Self.hourMs)
        guard end > start else { return false }
        let moved = try await database.raw(
            """
            UPDATE list_count_watermark SET counted_until_ms = \(bind: end)
            WHERE list = \(bind: list.rawValue) AND counted_until_ms = \(bind: start)
            RETURNING list
            """
        ).first()
        guard moved != nil else { return false }
        // Literals, so PostgreSQL sees the grouped expression and the selected one as the same.
        let hour: SQLQueryString = "(r.created_at_ms / \(literal: Self.hourMs)) * \(literal: Self.hourMs)"
        // One index range per merchant: (merchant_no, created_at_ms, …) leads every list's index.
        try await database.raw(
            """
            INSERT INTO list_hour_count (list, merchant_no, hour_ms, row_count)
            SELECT \(bind: list.rawValue), r.merchant_no, \(hour), COUNT(*)
            FROM merchant m JOIN \(list.table) r ON r.merchant_no = m.merchant_no
            WHERE r.created_at_ms >= \(bind: start) AND r.created_at_ms < \(bind: end)
            GROUP BY r.merchant_no, \(hour)
            ON CONFLICT (list, merchant_no, hour_ms) DO NOTHING
            """
        ).run()
        return true
    }

    /// How many rows of `list` the merchant created within `range`, exactly, as one SQL expression
    /// (the watermark is read inside it), so a page can carry its total in the same statement.
    ///
    /// The stored hours are those wholly inside the range and before the watermark: from `first`
    /// (the first hour starting in the range) to the earlier of the watermark and the end of the
    /// last whole hour. The rows before `first` and from the stored hours' end on are counted live,
    /// over the list's `(merchant_no, created_at_ms, …)` index. Without a watermark, or with no
    /// whole stored hour in the range, the live counts cover the whole range.
    public static func totalExpression(_ list: List, merchantNo: String, range: TimeRange) -> SQLQueryString {
        let first = hourStart(range.startMs + hourMs - 1)
        let wholeHoursEnd = hourStart(range.endMs + 1)
        let counted: SQLQueryString = """
            COALESCE((SELECT counted_until_ms FROM list_count_watermark WHERE list = \(bind: list.rawValue)),
                \(bind: Int64.min))
            """
        let storedEnd: SQLQueryString =
            "(CASE WHEN \(counted) < \(bind: wholeHoursEnd) THEN \(counted) ELSE \(bind: wholeHoursEnd) END)"
        let liveFrom: SQLQueryString =
            "(CASE WHEN \(storedEnd) > \(bind: first) THEN \(storedEnd) ELSE \(bind: first) END)"
        let live: (SQLQueryString, Int64) -> SQLQueryString = { from, through in
            """
            (SELECT COUNT(*) FROM \(list.table) WHERE merchant_no = \(bind: merchantNo)
                AND created_at_ms >= \(from) AND created_at_ms <= \(bind: through))
            """
        }
        return """
            (\(live("\(bind: range.startMs)", min(first - 1, range.endMs))) + \(live(liveFrom, range.endMs))
            + COALESCE((SELECT SUM(row_count) FROM list_hour_count WHERE list = \(bind: list.rawValue)
                AND merchant_no = \(bind: merchantNo) AND hour_ms >= \(bind: first) AND hour_ms < \(storedEnd)), 0))
            """
    }

    /// The start of the hour holding `ms` (floor, also before 1970).
    static func hourStart(_ ms: Int64) -> Int64 {
        ms >= 0 ? ms / hourMs * hourMs : -((-ms + hourMs - 1) / hourMs) * hourMs
    }
}

extension SQLDatabase {
    /// The hour-count total of a list narrowed by nothing but merchant and range; `nil` when other
    /// filters narrow it (then a plain count over their index is exact and cheap).
    func listTotal(
        _ list: ListCountRecords.List,
        merchantNo: String,
        range: TimeRange,
        filtered: Bool
    ) -> SQLQueryString? {
        filtered ? nil : ListCountRecords.totalExpression(list, merchantNo: merchantNo, range: range)
    }
}
