import CardplaneCore
import CardplaneHTTP
import Testing

/// `Timezone` names the IANA database (Foundation's) knows, read with their rules for the dates queried.
@Suite struct IANAZoneTests {
    // 2026-01-01T00:00:00Z.
    static let newYearUTC: Int64 = 1_767_225_600_000

    @Test func namedZonesFollowDaylightSavingForTheDatesQueried() throws {
        let newYork = try ListTimeZone(header: "America/New_York", zoneNamed: IANAZone.named)
        // 2026-01-01 is EST (UTC-5), 2026-07-01 EDT (UTC-4).
        let winter = try TimeRange(startTime: "2026-01-01", endTime: "2026-01-01", zone: newYork)
        #expect(winter.startMs == Self.newYearUTC + 5 * 3_600_000)
        let summer = try TimeRange(startTime: "2026-07-01", endTime: "2026-07-01 12:00:00", zone: newYork)
        #expect(summer.startMs == 1_782_864_000_000 + 4 * 3_600_000, "2026-07-01T04:00Z")
        #expect(summer.endMs == 1_782_864_000_000 + 16 * 3_600_000 + 999)
        // The day clocks go forward (2026-03-08) is 23 hours long.
        let short = try TimeRange(startTime: "2026-03-08", endTime: "2026-03-08", zone: newYork)
        #expect(short.endMs + 1 - short.startMs == 23 * 3_600_000)
        let shanghai = try TimeRange(
            startTime: "2026-01-01",
            endTime: "2026-01-01",
            zone: ListTimeZone(header: "Asia/Shanghai", zoneNamed: IANAZone.named)
        )
        #expect(shanghai.startMs == Self.newYearUTC - 8 * 3_600_000)
    }

    @Test(arguments: ["Asia/Nowhere", "asia/shanghai", "Asia/Shanghai ", "Shanghai"])
    func unknownNamesAre1004(_ header: String) {
        #expect(throws: CardplaneError.invalidParameter("Timezone")) {
            try ListTimeZone(header: header, zoneNamed: IANAZone.named)
        }
    }
}
