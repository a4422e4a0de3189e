import CardplaneCore
import CardplaneStore
import CardplaneTesting
import SQLKit
import Testing

@Suite struct CredentialRecordsTests {
    static func merchant(_ no: String = "M20261125000001") -> Merchant {
        Merchant(
            merchantNo: no,
            name: "Shop",
            mode: .authorization,
            status: .enabled,
            ipAllowlist: [CIDRBlock("203.0.113.0/24")!, CIDRBlock("::1")!],
            createdAtMs: 1_000
        )
    }

    @Test(arguments: StoreKind.available)
    func merchantsRoundTrip(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await database.withStore { store async throws in
                try await store.withTransaction { try await MerchantRecords($0).insert(Self.merchant()) }
                let loaded = try await store.withConnection {
                    try await MerchantRecords($0).merchant(no: "M20261125000001")
                }
                #expect(loaded == Self.merchant())
                let changed = try await store.withConnection {
                    try await MerchantRecords($0).setStatus(.disabled, merchantNo: "M20261125000001", nowMs: 2_000)
                }
                #expect(changed)
                let missing = try await store.withConnection {
                    try await MerchantRecords($0).setStatus(.disabled, merchantNo: "M0", nowMs: 2_000)
                }
                #expect(!missing)
                let status = try await store.withConnection {
                    try await MerchantRecords($0).merchant(no: "M20261125000001")?.status
                }
                #expect(status == .disabled)
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func allowlistAddIsIdempotentAndRemoveReports(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await database.withStore { store async throws in
                try await store.withTransaction { try await MerchantRecords($0).insert(Self.merchant()) }
                let blocks = try await store.withConnection { database async throws in
                    let records = MerchantRecords(database)
                    try await records.addAllowedBlock(
                        CIDRBlock("203.0.113.0/24")!,
                        merchantNo: "M20261125000001",
                        nowMs: 5
                    )
                    #expect(try await records.removeAllowedBlock(CIDRBlock("::1")!, merchantNo: "M20261125000001"))
                    #expect(!(try await records.removeAllowedBlock(CIDRBlock("::1")!, merchantNo: "M20261125000001")))
                    return try await records.allowedBlocks(merchantNo: "M20261125000001")
                }
                #expect(blocks == [CIDRBlock("203.0.113.0/24")!])
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func keysAreFoundByDigestAndRevokedOnce(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await database.withStore { store async throws in
                let key = APIKey(
                    id: "key_a",
                    merchantNo: "M20261125000001",
                    prefix: "ak_abcde",
                    status: .enabled,
                    createdAtMs: 10,
                    expiresAtMs: 99
                )
                try await store.withTransaction { database async throws in
                    try await MerchantRecords(database).insert(Self.merchant())
                    try await APIKeyRecords(database).insert(key, keyDigest: "digest-a", sealedSecret: "v1.k1.xyz")
                }
                try await store.withConnection { database async throws in
                    let records = APIKeyRecords(database)
                    #expect(try await records.key(digest: "digest-a") == key)
                    #expect(try await records.key(digest: "digest-b") == nil)
                    #expect(try await records.revoke(id: "key_a", merchantNo: "M20261125000001", nowMs: 50))
                    #expect(!(try await records.revoke(id: "key_a", merchantNo: "M20261125000001", nowMs: 51)))
                    #expect(try await records.keys(merchantNo: "M20261125000001").map(\.status) == [.revoked])
                }
            }
        }
    }

    /// The schema is the second line of defence: a duplicate key digest or an unknown status is refused.
    @Test(arguments: StoreKind.available)
    func schemaRefusesDuplicatesAndBadValues(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await database.withStore { store async throws in
                let key = APIKey(
                    id: "key_a",
                    merchantNo: "M20261125000001",
                    prefix: "ak_",
                    status: .enabled,
                    createdAtMs: 10,
                    expiresAtMs: nil
                )
                try await store.withTransaction { database async throws in
                    try await MerchantRecords(database).insert(Self.merchant())
                    try await APIKeyRecords(database).insert(key, keyDigest: "d", sealedSecret: "s")
                }
                let second = APIKey(
                    id: "key_b",
                    merchantNo: key.merchantNo,
                    prefix: "ak_",
                    status: .enabled,
                    createdAtMs: 10,
                    expiresAtMs: nil
                )
                await #expect(throws: (any Error).self) {
                    try await store.withConnection {
                        try await APIKeyRecords($0).insert(second, keyDigest: "d", sealedSecret: "s")
                    }
                }
                await #expect(throws: (any Error).self) {
                    try await store.withConnection { database async throws in
                        try await database.raw("UPDATE merchant SET status = 'frozen'").run()
                    }
                }
                await #expect(throws: (any Error).self) {
                    try await store.withConnection { database async throws in
                        try await database.raw(
                            "INSERT INTO access_token (token_digest, api_key_id, created_at_ms, expires_at_ms) VALUES ('t', 'no_such_key', 1, 2)"
                        ).run()
                    }
                }
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func accessTokensExpireAndArePurged(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await database.withStore { store async throws in
                let key = APIKey(
                    id: "key_a",
                    merchantNo: "M20261125000001",
                    prefix: "ak_",
                    status: .enabled,
                    createdAtMs: 10,
                    expiresAtMs: nil
                )
                try await store.withTransaction { database async throws in
                    try await MerchantRecords(database).insert(Self.merchant())
                    try await APIKeyRecords(database).insert(key, keyDigest: "d", sealedSecret: "s")
                    let tokens = AccessTokenRecords(database)
                    try await tokens.insert(tokenDigest: "old", apiKeyID: "key_a", createdAtMs: 0, expiresAtMs: 100)
                    try await tokens.insert(tokenDigest: "new", apiKeyID: "key_a", createdAtMs: 0, expiresAtMs: 300)
                }
                try await store.withConnection { database async throws in
                    let tokens = AccessTokenRecords(database)
                    let old = try await tokens.token(digest: "old")
                    #expect(old?.expiresAtMs == 100)
                    try await tokens.deleteExpired(apiKeyID: "key_a", nowMs: 200)
                    let purged = try await tokens.token(digest: "old")
                    #expect(purged == nil)
                    let fresh = try await tokens.token(digest: "new")
                    #expect(fresh?.apiKeyID == "key_a" && fresh?.expiresAtMs == 300)
                }
            }
        }
    }
}
