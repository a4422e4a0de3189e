import CardplaneCore
import Hummingbird

/// The rate-limit headers of spec §13 (`RateLimit-Limit`, `RateLimit-Remaining`).
enum RateLimitHeaders {
    static func fields(policy: RateLimitPolicy, decision: RateLimitDecision) -> HTTPFields {
        var fields = HTTPFields()
        fields[.rateLimitLimit] = String(policy.burst)
        fields[.rateLimitRemaining] = String(decision.remaining)
        return fields
    }
}
