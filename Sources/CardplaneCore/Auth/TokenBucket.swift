/// A token bucket held in memory, in the same fixed-point units as the shared ones
/// (``RateLimitPolicy/tokenUnit``): full when created, refilled by elapsed time, one token per request.
public struct TokenBucket: Sendable, Equatable {
    /// Thousandths of a token in the bucket.
    public private(set) var units: Int64
    /// When `units` was last brought up to date.
    public private(set) var updatedAtMs: Int64

    /// A full bucket at `nowMs`.
    public init(policy: RateLimitPolicy, nowMs: Int64) {
        units = policy.capacityUnits
        updatedAtMs = nowMs
    }

    /// Takes one token if there is one; a clock going backwards refills nothing.
    public mutating func take(_ policy: RateLimitPolicy, nowMs: Int64) -> RateLimitDecision {
        refill(policy, nowMs: nowMs)
        guard units >= RateLimitPolicy.tokenUnit else {
            return RateLimitDecision(
                allowed: false,
                remaining: 0,
                retryAfterSeconds: policy.retryAfterSeconds(remainingUnits: units)
            )
        }
        units -= RateLimitPolicy.tokenUnit
        return RateLimitDecision(
            allowed: true,
            remaining: Int(units / RateLimitPolicy.tokenUnit),
            retryAfterSeconds: nil
        )
    }

    /// Whether the bucket would be full at `nowMs` (it then carries no state worth keeping).
    public func isFull(_ policy: RateLimitPolicy, nowMs: Int64) -> Bool {
        var copy = self
        copy.refill(policy, nowMs: nowMs)
        return copy.units == policy.capacityUnits
    }

    private mutating func refill(_ policy: RateLimitPolicy, nowMs: Int64) {
        let elapsed = max(0, nowMs - updatedAtMs)
        let (added, overflow) = elapsed.multipliedReportingOverflow(by: policy.refillUnitsPerMs)
        units = overflow ? policy.capacityUnits : min(policy.capacityUnits, units + added)
        updatedAtMs = max(updatedAtMs, nowMs)
    }
}
