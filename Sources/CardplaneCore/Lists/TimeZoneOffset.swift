/// The `Timezone` header (spec §3, §13): `UTC`, `UTC±H` or `UTC±HH:MM`; default `UTC+8`.
public struct TimeZoneOffset: Sendable, Hashable {
    /// Offset east of UTC, in minutes (`UTC+8` = 480, `UTC-5` = -300).
    public let minutes: Int

    /// The zone when the header is absent.
    public static let headerDefault = TimeZoneOffset(validatedMinutes: 8 * 60)
    /// Real zones lie between UTC-12 and UTC+14.
    public static let minutesRange = (-12 * 60)...(14 * 60)

    private init(validatedMinutes: Int) {
        self.minutes = validatedMinutes
    }

    /// Parses a header value; `nil` header means the default.
    ///
    /// - Throws: 1004 naming `timezone` for anything else.
    public init(header: String?) throws {
        guard let header else {
            self = .headerDefault
            return
        }
        guard header.hasPrefix("UTC") else { throw CardplaneError.invalidParameter("timezone") }
        let rest = header.dropFirst(3)
        if rest.isEmpty {
            self.init(validatedMinutes: 0)
            return
        }
        guard let sign = rest.first, sign == "+" || sign == "-" else {
            throw CardplaneError.invalidParameter("timezone")
        }
        let parts = rest.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
        let digitsOK = parts.allSatisfy { !$0.isEmpty && $0.count <= 2 && $0.allSatisfy { ("0"..."9").contains($0) } }
        guard digitsOK, (1...2).contains(parts.count), let hours = Int(parts[0]),
            parts.count == 1 || parts[1].count == 2
        else { throw CardplaneError.invalidParameter("timezone") }
        let extra = parts.count == 2 ? Int(parts[1]) ?? 60 : 0
        let total = (sign == "-" ? -1 : 1) * (hours * 60 + extra)
        guard extra < 60, Self.minutesRange.contains(total) else { throw CardplaneError.invalidParameter("timezone") }
        self.init(validatedMinutes: total)
    }
}
