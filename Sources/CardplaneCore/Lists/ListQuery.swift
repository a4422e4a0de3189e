/// A page request of a list endpoint (spec §4.0, §13): 0-based `page`, `size` 1…100 (default 10),
/// and, as an extension, a `cursor` from an earlier page's `next_cursor`.
///
/// Any page is answered; a page past the end is empty. With a cursor, `page` is ignored: the page
/// holds the `size` rows after the cursor, found by seeking an index rather than skipping rows.
public struct PageRequest: Sendable, Equatable {
    public let page: Int
    public let size: Int
    public let cursor: ListCursor?

    public static let sizeDefault = 10
    public static let sizeMax = 100

    /// Validates the body's `page`, `size` and `cursor`.
    ///
    /// - Throws: 1004 naming `page`, `size` or `cursor`.
    public init(page: Int?, size: Int?, cursor: String? = nil) throws {
        let page = page ?? 0
        let size = size ?? Self.sizeDefault
        guard page >= 0 else { throw CardplaneError.invalidParameter("page") }
        guard (1...Self.sizeMax).contains(size) else { throw CardplaneError.invalidParameter("size") }
        self.page = page
        self.size = size
        self.cursor = try cursor.flatMap { $0.isEmpty ? nil : try ListCursor(text: $0) }
    }

    /// Rows to skip before the page (none after a cursor); a page too deep to count is past any end.
    public var offset: Int {
        guard cursor == nil else { return 0 }
        let (product, overflow) = page.multipliedReportingOverflow(by: size)
        return overflow ? .max : product
    }
}

/// A list's time range (spec §4.0, §13): `start_time`/`end_time` as `yyyy-MM-dd` or
/// `yyyy-MM-dd HH:mm:ss` in the `Timezone` zone; a date-only end means the end of that day.
public struct TimeRange: Sendable, Equatable {
    /// Inclusive bounds in Unix milliseconds.
    public let startMs: Int64
    public let endMs: Int64

    /// The longest range a list may ask for.
    public static let lengthMaxDays: Int64 = 90

    /// Validates the two fields in `zone`, in this order: `start_time` format (1004), `end_time`
    /// format (1004), end not after start (1019), range longer than 90 days (1020).
    public init(startTime: String?, endTime: String?, zone: ListTimeZone) throws {
        guard let startTime, let start = LocalTime(startTime, endOfDay: false) else {
            throw CardplaneError.invalidParameter("start_time")
        }
        guard let endTime, let end = LocalTime(endTime, endOfDay: true) else {
            throw CardplaneError.invalidParameter("end_time")
        }
        let startMs = zone.utcMs(ofLocal: start.localMs)
        let endMs = zone.utcMs(ofLocal: end.localMs)
        guard endMs > startMs else { throw CardplaneError(.endTimeBeforeStartTime) }
        // The range covers [start, end] with end inclusive to the millisecond, hence the + 1.
        guard endMs + 1 - startMs <= Self.lengthMaxDays * 86_400_000 else { throw CardplaneError(.timeRangeTooLong) }
        self.startMs = startMs
        self.endMs = endMs
    }
}

/// `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` as milliseconds since the epoch of its own zone.
struct LocalTime {
    let localMs: Int64

    init?(_ text: String, endOfDay: Bool) {
        let chars = Array(text)
        guard chars.count == 10 || chars.count == 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            let slice = chars[range]
            guard slice.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
            return Int(String(slice))
        }
        guard chars[4] == "-", chars[7] == "-", let year = number(0..<4), let month = number(5..<7),
            let day = number(8..<10)
        else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        guard date.isValid else { return nil }
        var secondsOfDay: Int64
        var extraMs: Int64 = 0
        if chars.count == 19 {
            guard chars[10] == " ", chars[13] == ":", chars[16] == ":", let hour = number(11..<13),
                let minute = number(14..<16), let second = number(17..<19), hour < 24, minute < 60, second < 60
            else { return nil }
            secondsOfDay = Int64(hour * 3_600 + minute * 60 + second)
            if endOfDay { extraMs = 999 }
        } else {
            secondsOfDay = endOfDay ? 86_399 : 0
            if endOfDay { extraMs = 999 }
        }
        localMs = (date.unixDays * 86_400 + secondsOfDay) * 1_000 + extraMs
    }
}
