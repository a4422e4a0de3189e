import CardplaneCore
import CardplaneStore
import CardplaneTesting
import Testing

@Suite struct RateLimitRecordsTests {
    typealias Lease = RateLimitRecords.Lease

    /// A bucket of 3 at 1 token/s, one token at a time: three requests pass, the fourth waits, refill
    /// restores one per second, and a long pause refills only up to the burst.
    @Test(arguments: StoreKind.available)
    func bucketScript(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await database.withStore { store async throws in
                let policy = RateLimitPolicy(ratePerSecond: 1, burst: 3)
                func take(at ms: Int64) async throws -> Lease {
                    try await store.withConnection {
                        try await RateLimitRecords($0).lease(bucketKey: "k", wanted: 1, policy: policy, nowMs: ms)
                    }
                }
                #expect(try await take(at: 0) == Lease(granted: 1, remainingUnits: 2_000))
                #expect(try await take(at: 0).granted == 1)
                #expect(try await take(at: 0) == Lease(granted: 1, remainingUnits: 0))
                #expect(try await take(at: 0) == Lease(granted: 0, remainingUnits: 0))
                #expect(try await take(at: 500) == Lease(granted: 0, remainingUnits: 500))
                #expect(try await take(at: 1_000).granted == 1)
                #expect(try await take(at: 1_000).granted == 0)
                // A clock behind the stored time refills nothing.
                #expect(try await take(at: 900).granted == 0)
                #expect(try await take(at: 60_000) == Lease(granted: 1, remainingUnits: 2_000))
            }
        }
    }

    /// A lease grants what the bucket holds up to what it wants; returned tokens count again, but
    /// never beyond the burst.
    @Test(arguments: StoreKind.available)
    func leasesGrantWholeTokensAndTakeReturnsBack(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await database.withStore { store async throws in
                let policy = RateLimitPolicy(ratePerSecond: 10, burst: 25)
                func lease(_ wanted: Int, returning returned: Int = 0, at ms: Int64) async throws -> Lease {
                    try await store.withConnection {
                        try await RateLimitRecords($0).lease(
                            bucketKey: "lease",
                            wanted: wanted,
                            returned: returned,
                            policy: policy,
                            nowMs: ms
                        )
                    }
                }
                #expect(try await lease(10, at: 0) == Lease(granted: 10, remainingUnits: 15_000))
                #expect(try await lease(10, at: 0) == Lease(granted: 10, remainingUnits: 5_000))
                #expect(try await lease(10, at: 0) == Lease(granted: 5, remainingUnits: 0))
                // 150 ms at 10/s is 1.5 tokens: one whole token granted, half a token stays.
                #expect(try await lease(10, at: 150) == Lease(granted: 1, remainingUnits: 500))
                // Seven unspent tokens come back and are leased again at once.
                #expect(try await lease(10, returning: 7, at: 150) == Lease(granted: 7, remainingUnits: 500))
                // Returns cannot fill the bucket past the burst.
                #expect(try await lease(1, returning: 100, at: 150) == Lease(granted: 1, remainingUnits: 24_000))
                // A first lease wanting more than the burst gets the burst.
                #expect(try await lease(40, at: 150).granted == 24)
            }
        }
    }

    /// Many concurrent leases at one instant never grant more than the burst between them.
    @Test(arguments: StoreKind.available)
    func concurrentLeasesNeverExceedTheBurst(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await database.withStore { store async throws in
                let policy = RateLimitPolicy(ratePerSecond: 1, burst: 20)
                let granted = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<100 {
                        group.addTask {
                            try await store.withConnection {
                                try await RateLimitRecords($0).lease(
                                    bucketKey: "hot",
                                    wanted: 1 + index % 3,
                                    policy: policy,
                                    nowMs: 5_000
                                ).granted
                            }
                        }
                    }
                    return try await group.reduce(0, +)
                }
                #expect(granted == 20)
            }
        }
    }
}
