import CardplaneCore
import CardplaneTesting
import Foundation
import SQLKit
import Testing

@testable import CardplaneStore

/// The store's cache generation (ADR 0012): every change to a cached row moves it, whoever writes,
/// and a reading taken after the change's commit already shows it; other writes do not move it.
@Suite struct CacheGenerationTests {
    @Test(arguments: StoreKind.available)
    func everyCredentialChangeMovesTheGeneration(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            try await database.withStore { store in
                var last = try #require(await store.cacheGeneration())
                let changes: [SQLQueryString] = [
                    """
                    INSERT INTO merchant (merchant_no, name, mode, status, created_at_ms, updated_at_ms)
                    VALUES ('M1', 'One', 'credit_extension', 'enabled', 0, 0)
                    """,
                    "INSERT INTO merchant_ip_allowlist (merchant_no, cidr, created_at_ms) VALUES ('M1', '10.0.0.0/8', 0)",
                    "UPDATE merchant SET status = 'disabled' WHERE merchant_no = 'M1'",
                    "DELETE FROM merchant_ip_allowlist WHERE merchant_no = 'M1'",
                    """
                    INSERT INTO api_key (api_key_id, merchant_no, key_digest, key_prefix, sealed_secret, status,
                        created_at_ms)
                    VALUES ('key_1', 'M1', 'digest', 'ak_1', 'sealed', 'enabled', 0)
                    """,
                    "UPDATE api_key SET status = 'revoked' WHERE api_key_id = 'key_1'",
                ]
                for change in changes {
                    try await store.withConnection { try await $0.raw(change).run() }
                    // The very next reading, with no wait: nothing may lag behind a commit.
                    let next = try #require(await store.cacheGeneration())
                    #expect(next > last, "\(change)")
                    last = next
                }
                // A rate-limit lease (or any write elsewhere) leaves the cached credentials alone.
                _ = try await store.withConnection {
                    try await RateLimitRecords($0).lease(bucketKey: "k", wanted: 1, policy: .init(), nowMs: 0)
                }
                #expect(await store.cacheGeneration() == last)
            }
        }
    }
}

/// Readings shared between waiting callers are never older than the call (``CoalescedRead``).
@Suite struct CoalescedReadTests {
    actor Reads {
        private(set) var started = 0
        func start() -> Int {
            started += 1
            return started
        }
    }

    @Test func aSharedReadingAlwaysStartedAfterTheCall() async {
        let reads = Reads()
        let read = CoalescedRead<Int> {
            let number = await reads.start()
            try? await Task.sleep(for: .milliseconds(5))
            return number
        }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    let startedBefore = await reads.started
                    let reading = await read.value()
                    #expect(reading > startedBefore, "a read that began before the call answered it")
                }
            }
        }
        let started = await reads.started
        #expect(started >= 1 && started <= 25, "waiting callers share reads: \(started) for 50 calls")
    }
}
