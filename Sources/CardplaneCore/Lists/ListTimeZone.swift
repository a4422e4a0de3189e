/// The offsets of a named time zone, from a time-zone database (Core has none of its own).
public protocol ZoneRules: Sendable {
    /// The zone's IANA name, e.g. `Asia/Shanghai`.
    var identifier: String { get }
    /// Seconds east of UTC in force at `unixMs` (daylight saving included).
    func offsetSeconds(atUnixMs unixMs: Int64) -> Int
}

/// The `Timezone` header (spec §3, §13): the zone a list's `start_time` and `end_time` are read in.
///
/// A fixed offset — `UTC`, `GMT`, `UTC±H`, `UTC±HH:MM`, the same after `GMT`, or a bare `±H`,
/// `±HH:MM`, between −12:00 and +14:00 — or an IANA name such as `Asia/Shanghai`, whose offset is
/// the one in force at the time read (daylight saving included). Absent: `UTC+8`.
public enum ListTimeZone: Sendable, Equatable {
    /// Minutes east of UTC (`UTC+8` = 480, `UTC-5` = -300).
    case fixed(minutes: Int)
    /// A zone of the IANA time-zone database.
    case named(any ZoneRules)

    /// The zone when the header is absent.
    public static let headerDefault = ListTimeZone.fixed(minutes: 8 * 60)
    /// Real offsets lie between UTC-12 and UTC+14.
    public static let minutesRange = (-12 * 60)...(14 * 60)

    /// Parses a header value; `nil` means the default. `zoneNamed` looks a name up in the
    /// time-zone database, `nil` for a name it does not know.
    ///
    /// - Throws: 1004 naming `timezone` for anything else.
    public init(header: String?, zoneNamed: (String) -> (any ZoneRules)?) throws {
        guard let header else {
            self = .headerDefault
            return
        }
        if let minutes = Self.offsetMinutes(header) {
            self = .fixed(minutes: minutes)
        } else if let rules = zoneNamed(header) {
            self = .named(rules)
        } else {
            throw CardplaneError.invalidParameter("Timezone")
        }
    }

    public static func == (left: ListTimeZone, right: ListTimeZone) -> Bool {
        switch (left, right) {
        case (.fixed(let a), .fixed(let b)): return a == b
        case (.named(let a), .named(let b)): return a.identifier == b.identifier
        default: return false
        }
    }

    /// The Unix milliseconds of a wall-clock time of this zone, given as milliseconds since the
    /// epoch of the zone's own clock. A named zone uses the offset in force then: the offset at the
    /// wall time read as UTC is a first guess, corrected once at the instant it gives. A wall time a
    /// spring-forward skips maps past the gap; one a fall-back repeats, to its first occurrence.
    public func utcMs(ofLocal localMs: Int64) -> Int64 {
        switch self {
        case .fixed(let minutes):
            return localMs - Int64(minutes) * 60_000
        case .named(let rules):
            let guess = localMs - Int64(rules.offsetSeconds(atUnixMs: localMs)) * 1_000
            return localMs - Int64(rules.offsetSeconds(atUnixMs: guess)) * 1_000
        }
    }

    /// Minutes east of UTC of a fixed-offset value, or `nil` when it is not one.
    static func offsetMinutes(_ header: String) -> Int? {
        var rest = Substring(header)
        if let prefix = ["UTC", "GMT"].first(where: { rest.hasPrefix($0) }) {
            rest = rest.dropFirst(prefix.count)
            if rest.isEmpty { return 0 }
        }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        let parts = rest.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
        let digitsOK = parts.allSatisfy { !$0.isEmpty && $0.count <= 2 && $0.allSatisfy { ("0"..."9").contains($0) } }
        guard digitsOK, (1...2).contains(parts.count), let hours = Int(parts[0]),
            parts.count == 1 || parts[1].count == 2
        else { return nil }
        let extra = parts.count == 2 ? Int(parts[1]) ?? 60 : 0
        let total = (sign == "-" ? -1 : 1) * (hours * 60 + extra)
        guard extra < 60, minutesRange.contains(total) else { return nil }
        return total
    }
}
