import CardplaneStore
import CardplaneTesting
import SQLKit
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

    /// Migration 16 gives a database counted by hours the day counts of every day wholly before
    /// its watermark, and none of the day the watermark is in.
    @Test(arguments: StoreKind.available)
    func dayCountsStartFromTheHourCountsOfWholeDays(_ kind: StoreKind) async throws {
        let day: Int64 = 1_795_910_400_000  // 2026-11-29 00:00 UTC
        let hour = ListCountRecords.hourMs
        try await TestDatabase.with(kind) { database async throws in
            try await Store.withStore(database.url, logger: TestLogging.logger) { store async throws in
                _ = try await store.migrate(Migrations.all.filter { $0.version < 16 })
                try await store.withConnection { database in
                    for (merchantNo, offset, count) in [("M1", 0, 2), ("M1", 23, 3), ("M2", 5, 7), ("M1", 24, 4)] {
                        try await database.raw(
                            """
                            INSERT INTO list_hour_count (list, merchant_no, hour_ms, row_count)
                            VALUES ('card', \(bind: merchantNo), \(bind: day + Int64(offset) * hour), \(bind: count))
                            """
                        ).run()
                    }
                    try await database.raw(
                        "INSERT INTO list_count_watermark (list, counted_until_ms) VALUES ('card', \(bind: day + 30 * hour))"
                    ).run()
                }
                #expect(try await store.migrate(Migrations.all.filter { $0.version <= 16 }) == [16])
                let days = try await store.withConnection { database in
                    try await database.raw(
                        "SELECT merchant_no, day_ms, row_count FROM list_day_count ORDER BY merchant_no"
                    )
                    .all().map {
                        "\(try $0.decode(column: "merchant_no", as: String.self)) "
                            + "\(try $0.decode(column: "day_ms", as: Int64.self) - day) "
                            + "\(try $0.decode(column: "row_count", as: Int64.self))"
                    }
                }
                #expect(days == ["M1 0 5", "M2 0 7"], "Nov 29 whole; Nov 30 holds the watermark")
            }
        }
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
