import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import SQLKit
import Testing

/// The stored counts behind list totals (ADR 0018): whole UTC days from the day counts, the hours
/// at their ends from the hour counts, the rest live; any reading of the watermark gives the same
/// total. Both stores.
@Suite struct ListCountTests {
    static let hourMs = ListCountRecords.hourMs

    /// The total `totalExpression` gives for `range` with the watermark read as `countedUntil`.
    static func total(
        _ server: TestServer,
        _ merchantNo: String,
        _ range: TimeRange,
        countedUntil: Int64?
    ) async throws -> Int64 {
        let expression = ListCountRecords.totalExpression(
            .transfers,
            merchantNo: merchantNo,
            range: range,
            countedUntil: countedUntil
        )
        return try await server.store.withReader { database in
            try #require(try await database.raw("SELECT CAST(\(expression) AS BIGINT) AS n").first())
                .decode(column: "n", as: Int64.self)
        }
    }

    /// The rows in `range`, counted one by one.
    static func counted(_ server: TestServer, _ merchantNo: String, _ range: TimeRange) async throws -> Int64 {
        try await server.store.withReader { database in
            try #require(
                try await database.raw(
                    """
                    SELECT COUNT(*) AS n FROM account_transfer WHERE merchant_no = \(bind: merchantNo)
                    AND created_at_ms >= \(bind: range.startMs) AND created_at_ms <= \(bind: range.endMs)
                    """
                ).first()
            ).decode(column: "n", as: Int64.self)
        }
    }

    static func utc(_ start: String, _ end: String) throws -> TimeRange {
        try TimeRange(startTime: start, endTime: end, zone: .fixed(minutes: 0))
    }

    /// Adds `extra` to one stored count, so a total shows whether it used that count.
    static func inflate(
        _ server: TestServer,
        _ table: String,
        _ column: String,
        at ms: Int64,
        by extra: Int
    ) async throws {
        try await server.store.withConnection { database in
            try await database.raw(
                """
                UPDATE \(ident: table) SET row_count = row_count + \(bind: extra)
                WHERE list = 'account_transfer' AND \(ident: column) = \(bind: ms)
                """
            ).run()
        }
    }

    @Test(arguments: StoreKind.available)
    func totalsTakeWholeDaysFromDayCountsAndAnyWatermarkReading(_ kind: StoreKind) async throws {
        // 2026-11-28 21:00 UTC, then a transfer or three every six hours until 2026-12-01 03:00.
        let clock = TestClock(nowMs: 1_795_899_600_000)
        try await TestDatabase.with(kind) { database in
            try await TestServer.with(database: database, keyRing: .generate(), clock: clock) { server in
                let (credential, cardholderNo) = try await TransferTests.setUp(server)
                let merchantNo = credential.key.merchantNo
                for step in 0..<10 {
                    try await ListPagingTests.transfers(
                        server,
                        credential,
                        cardholderNo,
                        from: step * 10,
                        count: step % 3 + 1
                    )
                    clock.advance(byMs: 6 * Self.hourMs)
                }
                clock.advance(byMs: ListCountRollup.graceMs)
                #expect(try await ListCountRollup(store: server.store, clock: clock).rollUp() > 0)
                let watermark = try #require(
                    try await server.store.withReader { try await ListCountRecords($0).countedUntil(.transfers) }
                )
                #expect(watermark == 1_796_115_600_000, "counted through 2026-12-01 09:00 UTC")
                try await ListPagingTests.transfers(server, credential, cardholderNo, from: 100, count: 2)
                let acrossDays = try Self.utc("2026-11-28 21:30:00", "2026-12-01 23:59:59")
                let insideADay = try Self.utc("2026-11-29 01:00:00", "2026-11-29 20:59:59")
                let wholeDays = try Self.utc("2026-11-28", "2026-12-01")
                let ranges = [acrossDays, insideADay, wholeDays]
                var exact: [Int64] = []
                for range in ranges {
                    exact.append(try await Self.counted(server, merchantNo, range))
                    for reading in [nil, watermark, watermark - 7 * Self.hourMs, watermark - 30 * Self.hourMs] {
                        let total = try await Self.total(server, merchantNo, range, countedUntil: reading)
                        #expect(
                            total == exact.last,
                            "\(range) with the watermark read as \(reading.map(String.init) ?? "none")"
                        )
                    }
                }
                #expect(exact == [20, 6, 22], "the rows the test made, counted one by one")
                let november29: Int64 = 1_795_910_400_000
                try await Self.inflate(server, "list_day_count", "day_ms", at: november29, by: 1_000)
                try await Self.inflate(server, "list_hour_count", "hour_ms", at: november29 + 3 * Self.hourMs, by: 100)
                try await Self.inflate(server, "list_hour_count", "hour_ms", at: november29 + 51 * Self.hourMs, by: 10)
                var totals: [Int64] = []
                for range in ranges {
                    totals.append(try await Self.total(server, merchantNo, range, countedUntil: watermark))
                }
                // Across days: the day of Nov 29 and the hours of Dec 1 before the watermark are stored
                // counts; inside a day: its hours; whole days: the days, then Dec 1's hours.
                #expect(totals == [exact[0] + 1_010, exact[1] + 100, exact[2] + 1_010])
            }
        }
    }
}
