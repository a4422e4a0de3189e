import CardplaneCore
import CardplaneStore
import CardplaneTesting
import Testing

@Suite struct IdempotencyRecordsTests {
    typealias Claim = IdempotencyRecords.Claim

    static let key = IdempotencyKey(header: "order-42")!
    static let day = Int64(86_400_000)
    static let answer = IdempotentAnswer(
        code: 3002,
        status: 200,
        contentType: "application/json; charset=utf-8",
        body: #"{"code":3002,"data":null,"msg":"Insufficient cardholder account balance"}"#
    )

    /// Claims `key` as `claimID` at `nowMs` with a 1 s lease and a one-day memory.
    static func claim(
        _ store: Store,
        merchantNo: String = "M1",
        fingerprint: String = "f1",
        claimID: String,
        at nowMs: Int64
    ) async throws -> Claim {
        try await store.withConnection {
            try await IdempotencyRecords($0).claim(
                merchantNo: merchantNo,
                key: key,
                fingerprint: fingerprint,
                claimID: claimID,
                nowMs: nowMs,
                leaseUntilMs: nowMs + 1_000,
                forgottenBeforeMs: nowMs - day
            )
        }
    }

    /// The life of a key: claimed, seen running by a duplicate, finished, replayed; another
    /// fingerprint is refused throughout; another merchant's key of the same name is its own.
    @Test(arguments: StoreKind.available)
    func claimRunFinishReplay(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await database.withStore { store async throws in
                #expect(try await Self.claim(store, claimID: "a", at: 0) == .claimed)
                #expect(try await Self.claim(store, claimID: "b", at: 10) == .running)
                #expect(try await Self.claim(store, fingerprint: "f2", claimID: "c", at: 10) == .otherRequest)
                #expect(try await Self.claim(store, merchantNo: "M2", claimID: "d", at: 10) == .claimed)
                let lost = try await store.withConnection {
                    try await IdempotencyRecords($0).finish(
                        merchantNo: "M1",
                        key: Self.key,
                        claimID: "b",
                        answer: Self.answer
                    )
                }
                #expect(!lost, "only the claim's holder records its answer")
                let kept = try await store.withConnection {
                    try await IdempotencyRecords($0).finish(
                        merchantNo: "M1",
                        key: Self.key,
                        claimID: "a",
                        answer: Self.answer
                    )
                }
                #expect(kept)
                #expect(try await Self.claim(store, claimID: "e", at: 20) == .finished(Self.answer))
                // A finished key is never taken over when its lease runs out, only when forgotten.
                #expect(try await Self.claim(store, claimID: "f", at: 5_000) == .finished(Self.answer))
                #expect(try await Self.claim(store, fingerprint: "f2", claimID: "g", at: 5_000) == .otherRequest)
            }
        }
    }

    /// An unfinished claim whose lease ran out is taken over by the same request (its process
    /// died), never by another; a released claim is free at once; a day later any request may use
    /// the key, and housekeeping forgets it.
    @Test(arguments: StoreKind.available)
    func leasesReleasesAndForgetting(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await database.withStore { store async throws in
                #expect(try await Self.claim(store, claimID: "a", at: 0) == .claimed)
                #expect(try await Self.claim(store, claimID: "b", at: 1_000) == .running)
                #expect(try await Self.claim(store, fingerprint: "f2", claimID: "c", at: 1_001) == .otherRequest)
                #expect(try await Self.claim(store, claimID: "d", at: 1_001) == .claimed)
                try await store.withConnection {
                    try await IdempotencyRecords($0).release(merchantNo: "M1", key: Self.key, claimID: "a")
                }
                #expect(try await Self.claim(store, claimID: "e", at: 1_002) == .running, "a's release is stale")
                try await store.withConnection {
                    try await IdempotencyRecords($0).release(merchantNo: "M1", key: Self.key, claimID: "d")
                }
                #expect(try await Self.claim(store, claimID: "e", at: 1_002) == .claimed)
                _ = try await store.withConnection {
                    try await IdempotencyRecords($0).finish(
                        merchantNo: "M1",
                        key: Self.key,
                        claimID: "e",
                        answer: Self.answer
                    )
                }
                let purgedEarly = try await store.withConnection {
                    try await IdempotencyRecords($0).purge(createdBeforeMs: 1_002)
                }
                #expect(purgedEarly == 0)
                let dayLater = 1_002 + Self.day + 1
                #expect(try await Self.claim(store, fingerprint: "f2", claimID: "f", at: dayLater) == .claimed)
                let purged = try await store.withConnection {
                    try await IdempotencyRecords($0).purge(createdBeforeMs: dayLater + Self.day + 1_001)
                }
                #expect(purged == 1)
                #expect(try await Self.claim(store, claimID: "g", at: dayLater + 10) == .claimed)
            }
        }
    }
}
