public import CardplaneCore
public import SQLKit

/// Exact `total`s of the merchant lists without counting millions of rows (ADR 0018).
///
/// Rows of a list are only ever inserted, stamped with the time they are written. So once an hour
/// has closed — and a grace period has passed for transactions still committing rows stamped in
/// it — its count per merchant never changes again. ``rollUp(_:until:)`` stores those counts, and
/// the count of each UTC day once its last hour is stored; a total adds the stored days and hours
/// inside its range to a live count of what lies outside them (the partial hours at its ends and
/// the hours not yet rolled up).
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
    public static let dayMs: Int64 = 86_400_000
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
        try await countHours(list, from: start, to: end)
        try await countDays(list, from: Self.dayStart(start), to: Self.dayStart(end))
        return true
    }

    /// Stores each merchant's count of every hour in `[start, end)`.
    private func countHours(_ list: List, from start: Int64, to end: Int64) async throws {
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
    }

    /// Stores each merchant's count of every day in `[start, end)` from its hour counts: the days
    /// whose last hour this pass counted (the hours before the pass were counted by earlier ones).
    private func countDays(_ list: List, from start: Int64, to end: Int64) async throws {
        guard end > start else { return }
        let day: SQLQueryString = "(hour_ms / \(literal: Self.dayMs)) * \(literal: Self.dayMs)"
        try await database.raw(
            """
            INSERT INTO list_day_count (list, merchant_no, day_ms, row_count)
            SELECT list, merchant_no, \(day), SUM(row_count) FROM list_hour_count
            WHERE list = \(bind: list.rawValue) AND hour_ms >= \(bind: start) AND hour_ms < \(bind: end)
            GROUP BY list, merchant_no, \(day)
            ON CONFLICT (list, merchant_no, day_ms) DO NOTHING
            """
        ).run()
    }

    /// How many rows of `list` the merchant created within `range`, exactly, as one SQL expression,
    /// given where the counts stood when last read (`countedUntil`, the watermark; `nil` before the
    /// first roll-up).
    ///
    /// Any value the watermark has had gives the same total: every hour before it is stored for
    /// good. So a process may read it once a minute (``Store/listCountedUntil(_:)``); an older value
    /// only leaves more rows to count live. The stored part runs from `first` (the first hour
    /// starting in the range) to the earlier of the watermark and the end of the last whole hour:
    /// its whole UTC days from the day counts, the hours at its ends from the hour counts. The rows
    /// before `first` and from the stored part's end on are counted live, over the list's
    /// `(merchant_no, created_at_ms, …)` index.
    public static func totalExpression(
        _ list: List,
        merchantNo: String,
        range: TimeRange,
        countedUntil: Int64?
    ) -> SQLQueryString {
        let live: (Int64, Int64) -> SQLQueryString? = { from, through in
            guard from <= through else { return nil }
            return """
                (SELECT COUNT(*) FROM \(list.table) WHERE merchant_no = \(bind: merchantNo)
                    AND created_at_ms >= \(bind: from) AND created_at_ms <= \(bind: through))
                """
        }
        let stored: (String, String, Int64, Int64) -> SQLQueryString? = { table, column, from, until in
            guard from < until else { return nil }
            return """
                COALESCE((SELECT SUM(row_count) FROM \(ident: table) WHERE list = \(bind: list.rawValue)
                    AND merchant_no = \(bind: merchantNo) AND \(ident: column) >= \(bind: from)
                    AND \(ident: column) < \(bind: until)), 0)
                """
        }
        let first = hourStart(range.startMs + hourMs - 1)
        let storedEnd = min(countedUntil ?? .min, hourStart(range.endMs + 1))
        guard storedEnd > first else { return live(range.startMs, range.endMs) ?? "0" }
        let firstDay = dayStart(first + dayMs - 1)
        let lastDay = dayStart(storedEnd)
        var parts = [live(range.startMs, first - 1), live(storedEnd, range.endMs)]
        if firstDay < lastDay {
            parts += [
                stored("list_hour_count", "hour_ms", first, firstDay),
                stored("list_day_count", "day_ms", firstDay, lastDay),
                stored("list_hour_count", "hour_ms", lastDay, storedEnd),
            ]
        } else {
            parts.append(stored("list_hour_count", "hour_ms", first, storedEnd))
        }
        let present = parts.compactMap { $0 }
        return "(\(SQLList(present, separator: SQLRaw(" + "))))"
    }

    /// The start of the hour holding `ms` (floor, also before 1970).
    static func hourStart(_ ms: Int64) -> Int64 {
        floor(ms, to: hourMs)
    }

    /// The start of the UTC day holding `ms`.
    static func dayStart(_ ms: Int64) -> Int64 {
        floor(ms, to: dayMs)
    }

    private static func floor(_ ms: Int64, to unit: Int64) -> Int64 {
        ms >= 0 ? ms / unit * unit : -((-ms + unit - 1) / unit) * unit
    }
}

extension SQLDatabase {
    /// The stored-count total of a list narrowed by nothing but merchant and range; `nil` when
    /// other filters narrow it (then a plain count over their index is exact and cheap).
    func listTotal(
        _ list: ListCountRecords.List,
        merchantNo: String,
        range: TimeRange,
        filtered: Bool,
        countedUntil: Int64?
    ) -> SQLQueryString? {
        guard !filtered else { return nil }
        return ListCountRecords.totalExpression(list, merchantNo: merchantNo, range: range, countedUntil: countedUntil)
    }
}
