import CardplaneCore
import CardplaneStore
import CardplaneTesting
import Foundation
import SQLKit
import Testing

/// The store's credential generation (ADR 0012): every change to a merchant, its allowlist or a key
/// moves it, whoever writes; other writes do not; on PostgreSQL it is unknown while nobody listens.
@Suite struct CacheGenerationTests {
    /// Polls the store's generation until it is something `accepted`, for at most two seconds.
    static func generation(of store: Store, until accepted: (Int64?) -> Bool) async throws -> Int64? {
        for _ in 0..<200 {
            let value = await store.cacheGeneration()
            if accepted(value) { return value }
            try await Task.sleep(for: .milliseconds(10))
        }
        return await store.cacheGeneration()
    }

    @Test(arguments: StoreKind.available)
    func everyCredentialChangeMovesTheGeneration(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            try await database.withStore { store in
                var last = try #require(try await Self.generation(of: store) { $0 != nil })
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
                    let next = try await Self.generation(of: store) { ($0 ?? .min) > last }
                    #expect((next ?? .min) > last, "\(change)")
                    last = next ?? last
                }
                // A rate-limit lease (or any write elsewhere) leaves the cached credentials alone.
                _ = try await store.withConnection {
                    try await RateLimitRecords($0).lease(bucketKey: "k", wanted: 1, policy: .init(), nowMs: 0)
                }
                try await Task.sleep(for: .milliseconds(50))
                #expect(await store.cacheGeneration() == last)
            }
        }
    }

    /// When the PostgreSQL listener's connection is killed, the generation is unknown (nothing may be
    /// served from a cache) until the listener is back, and it comes back moved.
    @Test(.enabled(if: StoreKind.available.contains(.postgres)))
    func aLostListenerMeansNoCacheUntilItIsBack() async throws {
        try await TestDatabase.with(.postgres) { database in
            try await database.withStore { store in
                let before = try #require(try await Self.generation(of: store) { $0 != nil })
                try await store.withConnection { database in
                    try await database.raw(
                        """
                        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE query LIKE 'LISTEN%' AND datname = current_database()
                        """
                    ).run()
                }
                let gap = try await Self.generation(of: store) { $0 == nil }
                #expect(gap == nil, "a lost listener makes the generation unknown")
                let after = try await Self.generation(of: store) { $0 != nil }
                #expect((after ?? .min) > before, "the listener is back, and nothing cached before survives")
            }
        }
    }
}
