import NIOConcurrencyHelpers

/// Where each list's stored counts end, read from the database at most once per `maximumAgeMs`
/// (``readingAgeMaxMs`` in the store; ADR 0018).
///
/// Any value the watermark has had gives a list the same exact total, because every hour before it
/// is stored for good; an older value only leaves more rows to count live. So a process need not
/// read it per request: the watermark moves an hour at a time, so a reading kept for a minute
/// costs a total at most one more hour of live rows than the newest would.
final class ListWatermarks: Sendable {
    /// How long the store keeps a list's watermark reading.
    static let readingAgeMaxMs: Int64 = 60_000

    private struct Reading {
        var countedUntilMs: Int64?
        var readAt: ContinuousClock.Instant
    }

    private let readings = NIOLockedValueBox<[ListCountRecords.List: Reading]>([:])
    private let maximumAge: Duration
    private let read: @Sendable (ListCountRecords.List) async throws -> Int64?

    init(
        maximumAgeMs: Int64 = readingAgeMaxMs,
        read: @escaping @Sendable (ListCountRecords.List) async throws -> Int64?
    ) {
        self.maximumAge = .milliseconds(maximumAgeMs)
        self.read = read
    }

    /// The watermark of `list` as last read, or read now when that was `maximumAgeMs` or more ago.
    func countedUntil(_ list: ListCountRecords.List) async throws -> Int64? {
        let now = ContinuousClock.now
        if let reading = readings.withLockedValue({ $0[list] }),
            reading.readAt.duration(to: now) < maximumAge
        {
            return reading.countedUntilMs
        }
        let countedUntilMs = try await read(list)
        readings.withLockedValue { $0[list] = Reading(countedUntilMs: countedUntilMs, readAt: now) }
        return countedUntilMs
    }
}
