import CardplaneCore
import SQLKit

extension SQLDatabase {
    /// One page of `SELECT columns source`, newest first by `(time, id)`, and the count of every row
    /// `source` matches.
    ///
    /// `source` is the `FROM … WHERE …` part, written once for the page and its total so they never
    /// disagree on the filter. After a cursor the page seeks past it on the `(time, id)` order — a
    /// row-value comparison, which both engines turn into an index range (an `OR` of the two
    /// columns would make SQLite merge two scans and sort); otherwise it skips `page.offset` rows.
    /// One row more than the page is read to learn whether a next page exists. `total` replaces the
    /// plain `COUNT(*)` when the caller has a cheaper exact count (``ListCountRecords``).
    /// `time` and `id` are column expressions of this code, never input.
    func page<Row: Sendable>(
        select columns: SQLQueryString,
        source: SQLQueryString,
        time: String,
        id: String,
        page: PageRequest,
        total: (@Sendable () async throws -> Int)? = nil,
        row decode: (any SQLRow) throws -> Row
    ) async throws -> Page<Row> {
        let seek: SQLQueryString =
            page.cursor.map { cursor in
                "AND (\(unsafeRaw: time), \(unsafeRaw: id)) < (\(bind: cursor.timeMs), \(bind: cursor.id))"
            } ?? ""
        let rows = try await raw(
            """
            SELECT \(columns), \(unsafeRaw: time) AS list_time, \(unsafeRaw: id) AS list_id \(source) \(seek)
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
        let count: Int
        if let total {
            count = try await total()
        } else {
            count = Int(
                try await raw("SELECT COUNT(*) AS total \(source)").first()?.decode(column: "total", as: Int64.self)
                    ?? 0
            )
        }
        return Page(rows: try shown.map(decode), total: count, nextCursor: nextCursor)
    }
}
