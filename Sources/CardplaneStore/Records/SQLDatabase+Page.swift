import CardplaneCore
import SQLKit

extension SQLDatabase {
    /// One page of `SELECT columns source ORDER BY order`, and the count of every row `source` matches.
    ///
    /// `source` is the `FROM … WHERE …` part, written once for both queries so the page and its total
    /// can never disagree on the filter.
    func page<Row: Sendable>(
        select columns: SQLQueryString,
        source: SQLQueryString,
        orderBy order: SQLQueryString,
        page: PageRequest,
        row decode: (any SQLRow) throws -> Row
    ) async throws -> Page<Row> {
        let rows = try await raw(
            "SELECT \(columns) \(source) ORDER BY \(order) LIMIT \(literal: page.size) OFFSET \(literal: page.offset)"
        ).all()
        let total =
            try await raw("SELECT COUNT(*) AS total \(source)").first()?.decode(column: "total", as: Int64.self) ?? 0
        return Page(rows: try rows.map(decode), total: Int(total))
    }
}
