import CardplaneCore
import Testing

extension ListTimeZone {
    /// A zone parsed with no time-zone database: names are refused (IANA names are tested in
    /// CardplaneHTTPTests, with the database).
    static func fixedOnly(_ header: String?) throws -> ListTimeZone {
        try ListTimeZone(header: header, zoneNamed: { _ in nil })
    }
}

@Suite struct ListTimeZoneTests {
    @Test(
        arguments: [
            (nil, 480), ("UTC", 0), ("UTC+8", 480), ("UTC-5", -300), ("UTC+05:30", 330), ("UTC+14", 840),
            ("UTC-12", -720), ("UTC+0", 0), ("GMT", 0), ("GMT+8", 480), ("GMT-03:30", -210), ("+08:00", 480),
            ("-5", -300), ("+5:45", 345),
        ] as [(String?, Int)]
    )
    func parsesFixedOffsets(_ header: String?, _ minutes: Int) throws {
        #expect(try ListTimeZone.fixedOnly(header) == .fixed(minutes: minutes))
    }

    @Test(
        arguments: [
            "UTC+15", "UTC-13", "UTC+8:3", "UTC+5:60", "UTC8", "utc+8", "UTC+", "UTC+123", "GMT+", "8", "+",
            "UTCGMT+8", "Asia/Shanghai", "",
        ]
    )
    func refuses(_ header: String) {
        #expect(throws: CardplaneError.invalidParameter("Timezone")) { try ListTimeZone.fixedOnly(header) }
    }
}

@Suite struct PageRequestTests {
    @Test func defaults() throws {
        let page = try PageRequest(page: nil, size: nil)
        #expect(page.page == 0 && page.size == 10 && page.offset == 0)
    }

    @Test(arguments: [(-1, 10, "page"), (0, 0, "size"), (0, 101, "size")] as [(Int, Int, String)])
    func refuses(_ page: Int, _ size: Int, _ field: String) {
        #expect(throws: CardplaneError.invalidParameter(field)) { try PageRequest(page: page, size: size) }
    }

    /// Any page is answered: deep ones skip their rows, ones too deep to count skip everything.
    @Test func anyPageIsAPage() throws {
        #expect(try PageRequest(page: 1_000_000, size: 100).offset == 100_000_000)
        #expect(try PageRequest(page: .max, size: 2).offset == .max)
    }

    /// After a cursor the page seeks instead of skipping; an empty cursor is no cursor.
    @Test func aCursorReplacesThePage() throws {
        let cursor = ListCursor(timeMs: 1_767_225_600_000, id: "E20260101123456789012")
        let page = try PageRequest(page: 7, size: 20, cursor: cursor.text)
        #expect(page.cursor == cursor && page.offset == 0)
        #expect(try PageRequest(page: 7, size: 20, cursor: "").cursor == nil)
    }
}

@Suite struct ListCursorTests {
    @Test(arguments: [
        ListCursor(timeMs: 0, id: "C1"),
        ListCursor(timeMs: 1_767_225_600_000, id: "E20260101123456789012"),
        ListCursor(timeMs: .max, id: "P_demo-virtual"),
    ])
    func roundTrips(_ cursor: ListCursor) throws {
        #expect(try ListCursor(text: cursor.text) == cursor)
        #expect(cursor.text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
    }

    /// Anything this server did not make is 1004 `cursor`: not hex, odd length, upper case, another
    /// version, a negative or non-canonical time, no number, a number with other characters.
    @Test(arguments: [
        "xyz", "abc", "312E302E4331", hex("2.0.C1"), hex("1.-5.C1"), hex("1.05.C1"), hex("1.5."),
        hex("1.5.C 1"), hex("1.5.C1;DROP"), hex("1.x.C1"), hex("1.5"), hex("1.5.\(String(repeating: "C", count: 65))"),
        "c3a9",
    ])
    func refusesAnythingElse(_ text: String) {
        #expect(throws: CardplaneError.invalidParameter("cursor")) { try ListCursor(text: text) }
    }

    static func hex(_ plain: String) -> String {
        plain.utf8.map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
    }
}

private func hex(_ plain: String) -> String { ListCursorTests.hex(plain) }

@Suite struct TimeRangeTests {
    // 2026-01-01T00:00:00Z.
    static let newYearUTC: Int64 = 1_767_225_600_000

    @Test func dateOnlyCoversWholeDaysInTheZone() throws {
        let range = try TimeRange(startTime: "2026-01-01", endTime: "2026-01-01", zone: ListTimeZone.fixedOnly("UTC+8"))
        #expect(range.startMs == Self.newYearUTC - 8 * 3_600_000)
        #expect(range.endMs == Self.newYearUTC + 16 * 3_600_000 - 1)
    }

    /// A row created at 23:30 UTC on 2026-01-01 belongs to 2 January in UTC+8 and to 1 January in UTC-5.
    @Test func lateEveningUTCLandsOnTheLocalDay() throws {
        let createdMs = Self.newYearUTC + 23 * 3_600_000 + 30 * 60_000
        let plus8Jan2 = try TimeRange(
            startTime: "2026-01-02",
            endTime: "2026-01-02",
            zone: ListTimeZone.fixedOnly("UTC+8")
        )
        let minus5Jan1 = try TimeRange(
            startTime: "2026-01-01",
            endTime: "2026-01-01",
            zone: ListTimeZone.fixedOnly("UTC-5")
        )
        let plus8Jan1 = try TimeRange(
            startTime: "2026-01-01",
            endTime: "2026-01-01",
            zone: ListTimeZone.fixedOnly("UTC+8")
        )
        #expect((plus8Jan2.startMs...plus8Jan2.endMs).contains(createdMs))
        #expect((minus5Jan1.startMs...minus5Jan1.endMs).contains(createdMs))
        #expect(!(plus8Jan1.startMs...plus8Jan1.endMs).contains(createdMs))
    }

    @Test func dateTimesAreInclusiveToTheSecond() throws {
        let range = try TimeRange(
            startTime: "2026-01-01 10:00:00",
            endTime: "2026-01-01 10:00:05",
            zone: ListTimeZone.fixedOnly("UTC")
        )
        #expect(range.endMs - range.startMs == 5_999)
    }

    @Test(
        arguments: [
            (nil, "2026-01-01", CardplaneError.invalidParameter("start_time")),
            ("2026-1-01", "2026-01-02", CardplaneError.invalidParameter("start_time")),
            ("2026-02-30", "2026-03-01", CardplaneError.invalidParameter("start_time")),
            ("2026-01-01", "2026/01/02", CardplaneError.invalidParameter("end_time")),
            ("2026-01-01", "2026-01-01 24:00:00", CardplaneError.invalidParameter("end_time")),
            ("2026-01-02", "2026-01-01", CardplaneError(.endTimeBeforeStartTime)),
            ("2026-01-01 10:00:00", "2026-01-01 09:59:59", CardplaneError(.endTimeBeforeStartTime)),
            ("2026-01-01", "2026-04-01", CardplaneError(.timeRangeTooLong)),
        ] as [(String?, String?, CardplaneError)]
    )
    func refuses(_ start: String?, _ end: String?, _ expected: CardplaneError) {
        #expect(throws: expected) { try TimeRange(startTime: start, endTime: end, zone: .headerDefault) }
    }

    @Test func ninetyDaysIsTheLongestRange() throws {
        // 1 January to 31 March 2026 is exactly 90 whole days.
        _ = try TimeRange(startTime: "2026-01-01", endTime: "2026-03-31", zone: .headerDefault)
    }
}
