public import CardplaneCore
public import SQLKit

/// API keys: the Api-Key's digest, the sealed apiSecret, status and expiry.
public struct APIKeyRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Stores `key` with the digest of its Api-Key and its sealed apiSecret.
    public func insert(_ key: APIKey, keyDigest: String, sealedSecret: String) async throws {
        CachedRowWrites.noteWrite()
        try await database.raw(
            """
            INSERT INTO api_key (api_key_id, merchant_no, key_digest, key_prefix, sealed_secret, status,
                                 created_at_ms, expires_at_ms)
            VALUES (\(bind: key.id), \(bind: key.merchantNo), \(bind: keyDigest), \(bind: key.prefix),
                    \(bind: sealedSecret), \(bind: key.status.rawValue), \(bind: key.createdAtMs),
                    \(bind: key.expiresAtMs))
            """
        ).run()
    }

    /// The key whose Api-Key hashes to `keyDigest`, or `nil`.
    public func key(digest keyDigest: String) async throws -> APIKey? {
        try await database.raw("SELECT * FROM api_key WHERE key_digest = \(bind: keyDigest)")
            .first()
            .map(Self.key(from:))
    }

    /// The merchant's keys, oldest first.
    public func keys(merchantNo: String) async throws -> [APIKey] {
        try await database.raw(
            "SELECT * FROM api_key WHERE merchant_no = \(bind: merchantNo) ORDER BY created_at_ms, api_key_id"
        ).all().map(Self.key(from:))
    }

    /// The id and sealed apiSecret of the merchant's newest enabled, unexpired key (spec §13: the
    /// "currently available credential"), or `nil`.
    public func newestUsableSecret(merchantNo: String, nowMs: Int64) async throws -> (keyID: String, sealed: String)? {
        guard
            let row = try await database.raw(
                """
                SELECT api_key_id, sealed_secret FROM api_key
                WHERE merchant_no = \(bind: merchantNo) AND status = \(bind: APIKeyStatus.enabled.rawValue)
                  AND (expires_at_ms IS NULL OR expires_at_ms > \(bind: nowMs))
                ORDER BY created_at_ms DESC, api_key_id DESC LIMIT 1
                """
            ).first()
        else { return nil }
        return (
            try row.decode(column: "api_key_id", as: String.self),
            try row.decode(column: "sealed_secret", as: String.self)
        )
    }

    /// Revokes the merchant's key `id`; returns whether an enabled key was revoked.
    public func revoke(id: String, merchantNo: String, nowMs: Int64) async throws -> Bool {
        CachedRowWrites.noteWrite()
        let rows = try await database.raw(
            """
            UPDATE api_key SET status = \(bind: APIKeyStatus.revoked.rawValue), revoked_at_ms = \(bind: nowMs)
            WHERE api_key_id = \(bind: id) AND merchant_no = \(bind: merchantNo)
              AND status = \(bind: APIKeyStatus.enabled.rawValue)
            RETURNING api_key_id
            """
        ).all()
        return !rows.isEmpty
    }

    static func key(from row: any SQLRow) throws -> APIKey {
        guard let status = APIKeyStatus(rawValue: try row.decode(column: "status", as: String.self)) else {
            throw StoreError.corruptRow(table: "api_key")
        }
        return APIKey(
            id: try row.decode(column: "api_key_id", as: String.self),
            merchantNo: try row.decode(column: "merchant_no", as: String.self),
            prefix: try row.decode(column: "key_prefix", as: String.self),
            status: status,
            createdAtMs: try row.decode(column: "created_at_ms", as: Int64.self),
            expiresAtMs: try row.decode(column: "expires_at_ms", as: Int64?.self)
        )
    }
}
