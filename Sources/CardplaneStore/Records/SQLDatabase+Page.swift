import CardplaneCore
import SQLKit

extension SQLDatabase {
    /// One page of `SELECT columns source`, newest first by `(time, id)`, and the count of every row
    /// `source` matches.
    ///
    /// `source` is the `FROM … WHERE …` part, written once for the page and its total so they never
    /// disagree on the filter; the time `range`, when the list has one, is added here. After a
    /// cursor the page seeks past it on the `(time, id)` order, a row-value comparison both engines
    /// turn into an index range; otherwise it skips `page.offset` rows. One row more than the page
    /// is read to learn whether a next page exists. The total travels in the same statement, as a
    /// scalar subquery both engines evaluate once: `total` is that expression when the caller has
    /// a cheaper exact count than `COUNT(*)` over `source` (``ListCountRecords``). One round trip
    /// per page, two past the last one. `time` and `id` are column expressions of this code, never
    /// input.
    func page<Row: Sendable>(
        select columns: SQLQueryString,
        source: SQLQueryString,
        time: String,
        id: String,
        range: TimeRange? = nil,
        page: PageRequest,
        total: SQLQueryString? = nil,
        row decode: (any SQLRow) throws -> Row
    ) async throws -> Page<Row> {
        let counted: SQLQueryString =
            "CAST(\(total ?? "(SELECT COUNT(*) \(source) \(Self.window(time: time, id: id, range: range, after: nil)))") AS BIGINT)"
        let rows = try await raw(
            """
            SELECT \(columns), \(unsafeRaw: time) AS list_time, \(unsafeRaw: id) AS list_id, \(counted) AS list_total
            \(source)
            \(Self.window(time: time, id: id, range: range, after: page.cursor))
            ORDER BY \(unsafeRaw: time) DESC, \(unsafeRaw: id) DESC
            LIMIT \(literal: page.size + 1) OFFSET \(literal: page.offset)
            """
        ).all()
        let shown = rows.prefix(page.size)
        var nextCursor: ListCursor?
        if rows.count > page.size, let last = shown.last {
            nextCursor = ListCursor(
                timeMs: try last.decode(column: "list_time", as: Int64.self),
                id: try last.decode(column: "list_id", as: String.self)
            )
        }
        // The total rides on every row; a page past the end has none to carry it.
        var totalRow = rows.first
        if totalRow == nil { totalRow = try await raw("SELECT \(counted) AS list_total").first() }
        let count = Int(try totalRow?.decode(column: "list_total", as: Int64.self) ?? 0)
        return Page(rows: try shown.map(decode), total: count, nextCursor: nextCursor)
    }

    /// The conditions that bound a page in time: the range, and after a cursor the rows before it.
    ///
    /// With a cursor inside the range, the cursor's row-value comparison is the only upper bound:
    /// given a plain `time <= end` as well, SQLite bounds its index scan by that and then filters
    /// every row down to the cursor one by one. A cursor past the range's end leaves the end as the
    /// bound (every row in range is before it).
    static func window(time: String, id: String, range: TimeRange?, after cursor: ListCursor?) -> SQLQueryString {
        var clause: SQLQueryString = ""
        if let range { clause = "AND \(unsafeRaw: time) >= \(bind: range.startMs)" }
        if let cursor, cursor.timeMs <= range?.endMs ?? .max {
            clause =
                "\(clause) AND (\(unsafeRaw: time), \(unsafeRaw: id)) < (\(bind: cursor.timeMs), \(bind: cursor.id))"
        } else if let range {
            clause = "\(clause) AND \(unsafeRaw: time) <= \(bind: range.endMs)"
        }
        return clause
    }
}
