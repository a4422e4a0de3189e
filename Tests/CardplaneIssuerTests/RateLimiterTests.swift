import CardplaneCore
import CardplaneStore
import CardplaneTesting
import Testing

@testable import CardplaneIssuer

/// The rate limiter in one process (ADR 0011): leases shared by concurrent requests of one key, and
/// unspent tokens returned to the bucket when a lease lapses.
@Suite struct RateLimiterTests {
    /// A hundred concurrent requests of one key, the clock stopped: exactly the burst passes, however
    /// the requests interleave with the leases (no tokens stranded by a herd of leases).
    @Test(arguments: StoreKind.available)
    func concurrentRequestsGetExactlyTheBurst(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            try await database.withStore { store async throws in
                let limiter = RateLimiter(policy: RateLimitPolicy(ratePerSecond: 100, burst: 50), store: store)
                #expect(limiter.leaseSize == 10)
                let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<100 {
                        group.addTask { try await limiter.take(keyID: "key_1", nowMs: 1_000).allowed }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(granted == 50)
            }
        }
    }

    /// Tokens leased and not spent before the lease lapses go back to the bucket with the holder's
    /// next lease. Two limiters on one store stand for two processes; 20/s leases two tokens.
    @Test(arguments: StoreKind.available)
    func unspentTokensGoBackWhenTheLeaseLapses(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            try await database.withStore { store async throws in
                let policy = RateLimitPolicy(ratePerSecond: 20, burst: 4)
                let (one, two) = (RateLimiter(policy: policy, store: store), RateLimiter(policy: policy, store: store))
                #expect(one.leaseSize == 2)
                // `one` leases two and spends one; `two` leases the other two and spends both.
                #expect(
                    try await one.take(keyID: "key", nowMs: 0)
                        == .init(allowed: true, remaining: 3, retryAfterSeconds: nil)
                )
                #expect(try await two.take(keyID: "key", nowMs: 0).allowed)
                #expect(try await two.take(keyID: "key", nowMs: 0).allowed)
                // `one`'s spare token is stranded in it for now: the bucket is empty for `two`.
                #expect(try await two.take(keyID: "key", nowMs: 0).allowed == false)
                // 101 ms refill two tokens; `two` leases them and spends one, leaving a fifth of one.
                #expect(try await two.take(keyID: "key", nowMs: 101).allowed)
                // `one`'s lease has lapsed: its spare token goes back and is leased again at once.
                #expect(try await one.take(keyID: "key", nowMs: 101).allowed, "the stranded token came back")
                #expect(try await one.take(keyID: "key", nowMs: 101).allowed == false)
            }
        }
    }

    /// A busy key takes its next lease while the current one has half its life left, so its
    /// requests never wait for a lease at the lapse; a quiet key does not (it would hoard tokens).
    @Test(arguments: StoreKind.available)
    func aBusyKeyRenewsItsLeaseBeforeTheLapse(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            try await database.withStore { store async throws in
                let limiter = RateLimiter(policy: RateLimitPolicy(ratePerSecond: 1_000, burst: 1_000), store: store)
                #expect(limiter.leaseSize == 100)
                for _ in 0..<RateLimiter.renewalSpentMin {
                    #expect(try await limiter.take(keyID: "busy", nowMs: 0).allowed)
                }
                #expect(try await limiter.take(keyID: "quiet", nowMs: 0).allowed)
                #expect(try await limiter.take(keyID: "busy", nowMs: 60).allowed)
                for _ in 0..<500 where limiter.held(keyID: "busy").leasing {
                    try await Task.sleep(for: .milliseconds(10))
                }
                let busy = limiter.held(keyID: "busy")
                #expect(busy.tokens == 100 && busy.expiresAtMs == 160, "a new lease, taken at 60: \(busy)")
                // Past the first lease's lapse the new one serves at once.
                #expect(try await limiter.take(keyID: "busy", nowMs: 101).allowed)
                #expect(limiter.held(keyID: "busy").tokens == 99 && !limiter.held(keyID: "busy").leasing)
                #expect(try await limiter.take(keyID: "quiet", nowMs: 60).allowed)
                let quiet = limiter.held(keyID: "quiet")
                #expect(!quiet.leasing && quiet.expiresAtMs == 100, "a quiet key keeps its one lease: \(quiet)")
            }
        }
    }
}
