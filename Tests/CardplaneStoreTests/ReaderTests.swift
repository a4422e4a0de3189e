import CardplaneStore
import CardplaneTesting
import SQLKit
import Testing

/// The store's read connections: reads see what was committed, refuse writes, and fail (rather than
/// wait forever) once the store is closed.
@Suite struct ReaderTests {
    @Test(arguments: StoreKind.available)
    func readersSeeCommittedRowsAndRefuseWrites(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            try await database.withStore { store async throws in
                try await store.withTransaction {
                    try await $0.raw("INSERT INTO change_generation VALUES ('t', 7)").run()
                }
                let value = try await store.withReader { database in
                    try await database.raw("SELECT value FROM change_generation WHERE topic = 't'").first()?
                        .decode(column: "value", as: Int64.self)
                }
                #expect(value == 7)
                if kind == .sqlite {
                    await #expect(throws: (any Error).self, "query_only") {
                        try await store.withReader { try await $0.raw("DELETE FROM change_generation").run() }
                    }
                }
            }
        }
    }

    @Test func aClosedSQLiteStoreFailsReadsInsteadOfHanging() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let store = try await Store.withStore(database.url, logger: TestLogging.logger) { $0 }
            await #expect(throws: (any Error).self) {
                try await store.withReader { try await $0.raw("SELECT 1 AS one").run() }
            }
        }
    }
}
