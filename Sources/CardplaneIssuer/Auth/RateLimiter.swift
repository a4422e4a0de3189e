import CardplaneCore
import CardplaneStore
import NIOConcurrencyHelpers

/// The per-Api-Key rate limit without a database write per request (ADR 0011).
///
/// Every process draws tokens from the key's shared bucket in the store (``RateLimitRecords``) in
/// leases of ``leaseSize`` tokens, one statement per lease, and spends them from memory. A lease
/// lasts ``leaseLifetimeMs``; tokens left when it lapses go back to the bucket with the next lease.
/// So the whole fleet never grants more than the bucket gives, and a token is spent at most
/// ``leaseLifetimeMs`` after the bucket gave it: in any window of `w` ms, at most
/// `burst + rate × (w + leaseLifetimeMs) / 1000` requests pass, whatever the number of processes.
final class RateLimiter: Sendable {
    /// How long leased tokens may wait in memory before they are returned.
    static let leaseLifetimeMs: Int64 = 100

    let policy: RateLimitPolicy
    private let store: Store
    private let leases = NIOLockedValueBox<[String: Lease]>([:])

    /// Tokens this process holds for one key, spendable until `expiresAtMs`.
    private struct Lease {
        var tokens: Int
        var expiresAtMs: Int64
        /// Whole tokens the bucket held after the last lease, for `RateLimit-Remaining`.
        var bucketRemaining: Int
    }

    init(policy: RateLimitPolicy, store: Store) {
        self.policy = policy
        self.store = store
    }

    /// Tokens taken per lease: a tenth of a second of the rate, at least one, at most the burst.
    /// At rates below 10/s every request goes to the bucket, which keeps small limits exact.
    var leaseSize: Int { max(1, min(policy.burst, policy.ratePerSecond / 10)) }

    /// Takes one token for the key `keyID` at `nowMs`: from memory when a lease holds one, else
    /// from a new lease.
    func take(keyID: String, nowMs: Int64) async throws -> RateLimitDecision {
        let (spent, returned) = leases.withLockedValue { leases -> (RateLimitDecision?, Int) in
            guard var lease = leases[keyID] else { return (nil, 0) }
            guard lease.expiresAtMs > nowMs else {
                leases[keyID] = nil
                return (nil, lease.tokens)
            }
            guard lease.tokens > 0 else { return (nil, 0) }
            lease.tokens -= 1
            leases[keyID] = lease
            let remaining = lease.tokens + lease.bucketRemaining
            return (RateLimitDecision(allowed: true, remaining: remaining, retryAfterSeconds: nil), 0)
        }
        if let spent { return spent }
        let (policy, wanted) = (self.policy, leaseSize)
        let lease = try await store.withConnection { database in
            try await RateLimitRecords(database).lease(
                bucketKey: "api_key:\(keyID)",
                wanted: wanted,
                returned: returned,
                policy: policy,
                nowMs: nowMs
            )
        }
        guard lease.granted > 0 else {
            let retryAfter = policy.retryAfterSeconds(remainingUnits: lease.remainingUnits)
            return RateLimitDecision(allowed: false, remaining: 0, retryAfterSeconds: retryAfter)
        }
        let spare = lease.granted - 1
        let held = leases.withLockedValue { leases -> Int in
            var current = leases[keyID] ?? Lease(tokens: 0, expiresAtMs: .max, bucketRemaining: 0)
            // Tokens of a lease granted meanwhile keep their earlier deadline: none outlives its own.
            current.expiresAtMs = min(current.expiresAtMs, nowMs + Self.leaseLifetimeMs)
            current.tokens += spare
            current.bucketRemaining = lease.remaining
            leases[keyID] = current
            return current.tokens
        }
        return RateLimitDecision(allowed: true, remaining: held + lease.remaining, retryAfterSeconds: nil)
    }
}
