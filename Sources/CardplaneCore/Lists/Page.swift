/// One page of a list and the count of all matching rows (`data.total`, spec §13).
public struct Page<Row: Sendable>: Sendable {
    public var rows: [Row]
    public var total: Int

    public init(rows: [Row], total: Int) {
        self.rows = rows
        self.total = total
    }
}
