public import CardplaneCore
import Foundation

/// A zone of the IANA time-zone database as this system's Foundation knows it: what a
/// `Timezone` header may name besides a fixed offset (``ListTimeZone``).
public struct IANAZone: ZoneRules {
    private let zone: TimeZone

    public var identifier: String { zone.identifier }

    /// The names the database knows, exactly as written (`Asia/Shanghai`, not `asia/shanghai`).
    static let names = Set(TimeZone.knownTimeZoneIdentifiers)

    /// The zone called `name`, or `nil` when the database does not know it.
    public static func named(_ name: String) -> (any ZoneRules)? {
        guard names.contains(name), let zone = TimeZone(identifier: name) else { return nil }
        return IANAZone(zone: zone)
    }

    public func offsetSeconds(atUnixMs unixMs: Int64) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(unixMs) / 1_000))
    }
}
