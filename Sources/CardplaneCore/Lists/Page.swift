/// One page of a list, the count of all matching rows (`data.total`, spec §13), and where the next
/// page starts (`data.next_cursor`), when there is one.
public struct Page<Row: Sendable>: Sendable {
    public var rows: [Row]
    public var total: Int
    /// The last row's place when more rows follow it; `nil` on the last page.
    public var nextCursor: ListCursor?

    public init(rows: [Row], total: Int, nextCursor: ListCursor? = nil) {
        self.rows = rows
        self.total = total
        self.nextCursor = nextCursor
    }

    /// The same page with every row transformed.
    public func map<Other: Sendable>(_ transform: (Row) throws -> Other) rethrows -> Page<Other> {
        Page<Other>(rows: try rows.map(transform), total: total, nextCursor: nextCursor)
    }
}
