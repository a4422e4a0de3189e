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
///
/// Requests of one key that find no token wait for one lease together rather than each taking
/// their own (a herd of leases would strand a burst's worth of tokens in one process). A key busy
/// enough to have spent ``renewalSpentMin`` tokens of its lease takes the next lease while the
/// current one still has half its lifetime to go, so its requests never wait for a lease to come
/// back: the old lease's tokens stay spendable until their own lapse and then go back to the bucket
/// with the lease after. Every token is still spent within ``leaseLifetimeMs`` of the bucket giving
/// it, so the bound above holds.
final class RateLimiter: Sendable {
    /// How long leased tokens may wait in memory before they are returned.
    static let leaseLifetimeMs: Int64 = 100
    /// Leases a request may see others take its tokens from before it gives up with 1009: each
    /// lease grants at least one token to someone, so only a key drained by its own traffic gets here.
    static let sharedLeaseRoundsMax = 64
    /// Tokens a lease must have served before the next one is taken ahead of its lapse.
    static let renewalSpentMin = 16

    let policy: RateLimitPolicy
    private let store: Store
    private let keys = NIOLockedValueBox<[String: KeyState]>([:])

    /// What this process holds for one key.
    private struct KeyState {
        /// Tokens spendable until `expiresAtMs`.
        var tokens = 0
        var expiresAtMs: Int64 = 0
        /// Tokens of the current lease spent so far.
        var spent = 0
        /// Tokens of lapsed or replaced leases, given back to the bucket with the next lease.
        var unreturned = 0
        /// Whole tokens the bucket held after the last lease, for `RateLimit-Remaining`.
        var bucketRemaining = 0
        /// The lease being taken for this key, which other requests wait for.
        var leasing: Task<RateLimitRecords.Lease, any Error>?
    }

    /// What a request does next.
    private enum Step {
        case spent(RateLimitDecision)
        case await(Task<RateLimitRecords.Lease, any Error>)
    }

    init(policy: RateLimitPolicy, store: Store) {
        self.policy = policy
        self.store = store
    }

    /// Tokens taken per lease: a tenth of a second of the rate, at least one, at most the burst.
    /// At rates below 10/s every request goes to the bucket, which keeps small limits exact.
    var leaseSize: Int { max(1, min(policy.burst, policy.ratePerSecond / 10)) }

    /// Takes one token for the key `keyID` at `nowMs`: from memory when this process holds one,
    /// else from a new lease.
    func take(keyID: String, nowMs: Int64) async throws -> RateLimitDecision {
        guard leaseSize > 1 else { return try await takeDirectly(keyID: keyID, nowMs: nowMs) }
        for _ in 0..<Self.sharedLeaseRoundsMax {
            switch keys.withLockedValue({ step(&$0, keyID: keyID, nowMs: nowMs) }) {
            case .spent(let decision):
                return decision
            case .await(let leasing):
                let lease = try await leasing.value
                guard lease.granted > 0 else { return refusal(lease) }
            }
        }
        return RateLimitDecision(allowed: false, remaining: 0, retryAfterSeconds: 1)
    }

    /// Spends a held token, or joins (or starts) the key's lease. Runs under the lock.
    private func step(_ keys: inout [String: KeyState], keyID: String, nowMs: Int64) -> Step {
        var state = keys[keyID] ?? KeyState()
        defer { keys[keyID] = state }
        if state.tokens > 0 && state.expiresAtMs > nowMs {
            state.tokens -= 1
            state.spent += 1
            let halfLifeLeft = state.expiresAtMs - nowMs <= Self.leaseLifetimeMs / 2
            if state.leasing == nil && halfLifeLeft && state.spent >= Self.renewalSpentMin {
                state.leasing = startLease(&state, keyID: keyID, nowMs: nowMs)
            }
            let remaining = state.tokens + state.bucketRemaining
            return .spent(RateLimitDecision(allowed: true, remaining: remaining, retryAfterSeconds: nil))
        }
        if let leasing = state.leasing { return .await(leasing) }
        state.unreturned += state.tokens
        state.tokens = 0
        let leasing = startLease(&state, keyID: keyID, nowMs: nowMs)
        state.leasing = leasing
        return .await(leasing)
    }

    /// Starts a lease that gives back the tokens waiting to be returned. Runs under the lock.
    private func startLease(
        _ state: inout KeyState,
        keyID: String,
        nowMs: Int64
    ) -> Task<RateLimitRecords.Lease, any Error> {
        let returned = state.unreturned
        state.unreturned = 0
        return Task { try await self.lease(keyID: keyID, returning: returned, nowMs: nowMs) }
    }

    /// Takes a lease from the bucket and puts its tokens in memory for every waiting request; what
    /// the replaced lease still held is returned with the next one.
    private func lease(keyID: String, returning returned: Int, nowMs: Int64) async throws -> RateLimitRecords.Lease {
        let (policy, wanted) = (self.policy, leaseSize)
        do {
            let lease = try await store.withConnection { database in
                try await RateLimitRecords(database).lease(
                    bucketKey: Self.bucketKey(keyID),
                    wanted: wanted,
                    returned: returned,
                    policy: policy,
                    nowMs: nowMs
                )
            }
            keys.withLockedValue { keys in
                var state = keys[keyID] ?? KeyState()
                state.unreturned += state.tokens
                state.tokens = lease.granted
                state.spent = 0
                state.expiresAtMs = nowMs + Self.leaseLifetimeMs
                state.bucketRemaining = lease.remaining
                state.leasing = nil
                keys[keyID] = state
            }
            return lease
        } catch {
            // Nothing was taken; the returned tokens go back with the next lease.
            keys.withLockedValue { keys in
                keys[keyID, default: KeyState()].unreturned += returned
                keys[keyID, default: KeyState()].leasing = nil
            }
            throw error
        }
    }

    /// One token straight from the bucket: exact, one statement per request.
    private func takeDirectly(keyID: String, nowMs: Int64) async throws -> RateLimitDecision {
        let policy = self.policy
        let lease = try await store.withConnection { database in
            try await RateLimitRecords(database).lease(
                bucketKey: Self.bucketKey(keyID),
                wanted: 1,
                policy: policy,
                nowMs: nowMs
            )
        }
        guard lease.granted > 0 else { return refusal(lease) }
        return RateLimitDecision(allowed: true, remaining: lease.remaining, retryAfterSeconds: nil)
    }

    /// The tokens this process holds for `keyID` and when they lapse (for tests).
    func held(keyID: String) -> (tokens: Int, expiresAtMs: Int64, leasing: Bool) {
        keys.withLockedValue { keys in
            let state = keys[keyID] ?? KeyState()
            return (state.tokens, state.expiresAtMs, state.leasing != nil)
        }
    }

    private func refusal(_ lease: RateLimitRecords.Lease) -> RateLimitDecision {
        let retryAfter = policy.retryAfterSeconds(remainingUnits: lease.remainingUnits)
        return RateLimitDecision(allowed: false, remaining: 0, retryAfterSeconds: retryAfter)
    }

    static func bucketKey(_ keyID: String) -> String { "api_key:\(keyID)" }
}
