public import CardplaneCore
public import CardplaneStore

/// Keeps the hour counts behind list totals current (a housekeeping job; ADR 0018): for every list,
/// counts each hour that closed more than ``graceMs`` ago, a week of hours per transaction until
/// it has caught up.
public struct ListCountRollup: Sendable {
    /// How long after an hour ends its count is taken: longer than any transaction that stamped a
    /// row in that hour can still be committing (the request deadline is 30 s by default).
    public static let graceMs: Int64 = 10 * 60 * 1_000

    let store: Store
    let clock: any WallClock

    public init(store: Store, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    /// Rolls every list up to the last hour that closed a grace period ago; returns the passes made.
    @discardableResult
    public func rollUp() async throws -> Int {
        let hour = ListCountRecords.hourMs
        let closedMs = clock.nowMs() - Self.graceMs
        let untilMs = closedMs >= 0 ? closedMs / hour * hour : 0
        var passes = 0
        for list in ListCountRecords.List.allCases {
            while try await store.withTransaction({ try await ListCountRecords($0).rollUp(list, until: untilMs) }) {
                passes += 1
            }
        }
        return passes
    }
}
