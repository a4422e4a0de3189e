/// A token bucket per Api-Key (spec §13): `ratePerSecond` tokens flow in, at most `burst` are kept,
/// and each request takes one. The store keeps the bucket so every server process shares it.
public struct RateLimitPolicy: Sendable, Equatable {
    /// Sustained requests per second; at least 1.
    public var ratePerSecond: Int
    /// Requests allowed at once after a quiet period; at least 1.
    public var burst: Int

    public init(ratePerSecond: Int = Limits.rateLimitPerSecondDefault, burst: Int = Limits.rateLimitBurstDefault) {
        precondition(ratePerSecond >= 1 && burst >= 1, "rate and burst must be positive")
        self.ratePerSecond = ratePerSecond
        self.burst = burst
    }

    /// One token in the bucket's fixed-point unit: buckets count thousandths so refills stay integral.
    public static let tokenUnit: Int64 = 1_000

    /// The bucket's capacity in thousandths of a token.
    public var capacityUnits: Int64 { Int64(burst) * Self.tokenUnit }

    /// Thousandths of a token that flow in per millisecond (`ratePerSecond * 1000 / 1000`).
    public var refillUnitsPerMs: Int64 { Int64(ratePerSecond) }

    /// Seconds until one token is available again, for `Retry-After` (at least 1).
    public func retryAfterSeconds(remainingUnits: Int64) -> Int {
        let missing = max(0, Self.tokenUnit - remainingUnits)
        let ms = (missing + refillUnitsPerMs - 1) / refillUnitsPerMs
        return max(1, Int((ms + 999) / 1_000))
    }
}

/// The outcome of taking one token from a bucket.
public struct RateLimitDecision: Sendable, Equatable {
    public var allowed: Bool
    /// Whole tokens left after this request.
    public var remaining: Int
    /// Seconds to wait before retrying, when refused.
    public var retryAfterSeconds: Int?

    public init(allowed: Bool, remaining: Int, retryAfterSeconds: Int?) {
        self.allowed = allowed
        self.remaining = remaining
        self.retryAfterSeconds = retryAfterSeconds
    }
}
