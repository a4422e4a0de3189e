import CardplaneCore

/// `data` of every list endpoint: the page's rows and, as Cardplane extensions (spec §13), the
/// total of matching rows and `next_cursor`, present only when another page follows.
struct ListPayload<Row: Encodable & Sendable>: Encodable, Sendable {
    var list: [Row]
    var total: Int
    var nextCursor: String?

    init(_ page: Page<Row>) {
        list = page.rows
        total = page.total
        nextCursor = page.nextCursor?.text
    }

    enum CodingKeys: String, CodingKey {
        case list, total
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(list, forKey: .list)
        try container.encode(total, forKey: .total)
        try container.encodeIfPresent(nextCursor, forKey: .nextCursor)
    }
}
