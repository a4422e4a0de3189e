import CardplaneCore
import CardplaneTesting
import SQLKit
import Testing

@testable import CardplaneStore

/// The console's lists page through millions of rows at the cost of one page: each query, with
/// every filter the pages send and a cursor deep in the list, reads an index already in its order.
/// So does a callback lane taking its merchant's next due events.
/// The engines are asked for their plan with sorting made as costly as they allow (PostgreSQL:
/// `enable_sort` and `enable_seqscan` off): a plan that still sorts has no such index.
@Suite struct ConsoleQueryPlanTests {
    static let cursor = ConsoleReadRecords.Cursor(createdAtMs: 1_800_000_000_000, number: "N")

    static var queries: [(String, SQLQueryString)] {
        typealias Records = ConsoleReadRecords
        var queries: [(String, SQLQueryString)] = []
        let paymentFilters: [(String, Records.PaymentFilter)] = [
            ("payments", .init()),
            ("payments by merchant", .init(merchantNo: "M1")),
            ("payments by card", .init(cardNo: "C1")),
            ("payments by status", .init(status: .fail)),
            ("payments by merchant and status", .init(merchantNo: "M1", status: .fail, fromMs: 1)),
        ]
        for (name, filter) in paymentFilters {
            queries.append((name, Records.paymentsQuery(filter, after: cursor, limit: 50)))
        }
        queries.append(("cardholders", Records.cardholdersQuery(merchantNo: nil, after: cursor, limit: 50)))
        queries.append(
            ("cardholders by merchant", Records.cardholdersQuery(merchantNo: "M1", after: cursor, limit: 50))
        )
        queries.append(("cards", Records.cardsQuery(merchantNo: nil, status: nil, after: cursor, limit: 50)))
        queries.append(
            ("cards by merchant", Records.cardsQuery(merchantNo: "M1", status: nil, after: cursor, limit: 50))
        )
        queries.append(
            ("cards by status", Records.cardsQuery(merchantNo: nil, status: .frozen, after: cursor, limit: 50))
        )
        queries.append(("accounts", Records.accountsQuery(ownerType: "merchant", after: "merchant:M1", limit: 50)))
        let posting = Records.PostingCursor(createdAtMs: 1_800_000_000_000, entryID: "ent_x", line: 1)
        queries.append(("postings", Records.postingsQuery(accountID: "merchant:M1:TUSDT", after: posting, limit: 50)))
        // Not the console's, but read the same way: a callback lane's next events, however many wait.
        queries.append(("callback lane", OutboxRecords.dueQuery(merchantNo: "M1", nowMs: 1_800_000_000_000, limit: 10)))
        return queries
    }

    @Test(arguments: StoreKind.available)
    func everyListReadsAnIndexInItsOrder(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            try await database.withStore { store in
                try await store.withConnection { connection in
                    if kind == .postgres {
                        try await connection.raw("SET enable_sort = off").run()
                        try await connection.raw("SET enable_seqscan = off").run()
                    }
                    for (name, query) in Self.queries {
                        let plan = try await Self.plan(of: query, kind: kind, on: connection)
                        let sorts = kind == .postgres ? plan.contains("Sort") : plan.contains("TEMP B-TREE")
                        #expect(!sorts, "\(name) sorts its rows: \(plan)")
                    }
                }
            }
        }
    }

    /// The engine's plan for `query`, one line per step.
    static func plan(of query: SQLQueryString, kind: StoreKind, on connection: any SQLDatabase) async throws -> String {
        let explained: SQLQueryString = kind == .postgres ? "EXPLAIN \(query)" : "EXPLAIN QUERY PLAN \(query)"
        let column = kind == .postgres ? "QUERY PLAN" : "detail"
        return try await connection.raw(explained).all().map { try $0.decode(column: column, as: String.self) }
            .joined(separator: "\n")
    }
}
