import CardplaneCore
import CardplaneStore
import CardplaneTesting
import Testing

@Suite struct RateLimitRecordsTests {
    /// A bucket of 3 at 1 token/s: three requests pass, the fourth waits, refill restores one per second,
    /// and a long pause refills only up to the burst.
    @Test(arguments: StoreKind.available)
    func bucketScript(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await database.withStore { store async throws in
                let policy = RateLimitPolicy(ratePerSecond: 1, burst: 3)
                func take(at ms: Int64) async throws -> RateLimitDecision {
                    try await store.withConnection {
                        try await RateLimitRecords($0).take(bucketKey: "k", policy: policy, nowMs: ms)
                    }
                }
                #expect(try await take(at: 0) == .init(allowed: true, remaining: 2, retryAfterSeconds: nil))
                #expect(try await take(at: 0).allowed)
                #expect(try await take(at: 0) == .init(allowed: true, remaining: 0, retryAfterSeconds: nil))
                #expect(try await take(at: 0) == .init(allowed: false, remaining: 0, retryAfterSeconds: 1))
                #expect(try await take(at: 500).allowed == false)
                #expect(try await take(at: 1_000).allowed)
                #expect(try await take(at: 1_000).allowed == false)
                // A clock behind the stored time refills nothing.
                #expect(try await take(at: 900).allowed == false)
                #expect(try await take(at: 60_000) == .init(allowed: true, remaining: 2, retryAfterSeconds: nil))
            }
        }
    }

    /// Many concurrent takes at one instant never grant more than the burst.
    @Test(arguments: StoreKind.available)
    func concurrentTakesNeverExceedTheBurst(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await database.withStore { store async throws in
                let policy = RateLimitPolicy(ratePerSecond: 1, burst: 20)
                let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<100 {
                        group.addTask {
                            try await store.withConnection {
                                try await RateLimitRecords($0).take(bucketKey: "hot", policy: policy, nowMs: 5_000)
                                    .allowed
                            }
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(granted == 20)
            }
        }
    }
}
