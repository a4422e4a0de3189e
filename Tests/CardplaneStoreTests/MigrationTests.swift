import CardplaneStore
import CardplaneTesting
import Testing

@Suite struct MigrationTests {
    @Test(arguments: StoreKind.available)
    func migratesOnceAndIsIdempotent(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await Store.withStore(database.url, logger: TestLogging.logger) { store async throws in
                #expect(try await store.migrate() == Migrations.all.map(\.version))
                #expect(try await store.migrate() == [])
                #expect(await store.isReachable())
            }
        }
    }

    @Test func versionsAreUniqueAndAscending() {
        let versions = Migrations.all.map(\.version)
        #expect(versions == Array(1...versions.count))
    }

    /// A failing migration leaves nothing behind: its transaction rolls back and it is not recorded.
    @Test(arguments: StoreKind.available)
    func aFailingMigrationRollsBack(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await Store.withStore(database.url, logger: TestLogging.logger) { store async throws in
                let broken = Migration(
                    version: 99,
                    name: "broken",
                    statements: [
                        "CREATE TABLE half_made (id TEXT PRIMARY KEY)", "THIS IS NOT SQL",
                    ]
                )
                await #expect(throws: (any Error).self) { try await store.migrate([broken]) }
                let fixed = Migration(
                    version: 99,
                    name: "fixed",
                    statements: ["CREATE TABLE half_made (id TEXT PRIMARY KEY)"]
                )
                #expect(try await store.migrate([fixed]) == [99])
            }
        }
    }
}
