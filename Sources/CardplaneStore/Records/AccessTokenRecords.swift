public import SQLKit

/// Access-Tokens by digest, each bound to the Api-Key it was issued for.
public struct AccessTokenRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// A stored token: which key it belongs to and when it expires.
    public struct Token: Sendable, Equatable {
        public var apiKeyID: String
        public var expiresAtMs: Int64
    }

    /// Stores a token digest for `apiKeyID`.
    public func insert(tokenDigest: String, apiKeyID: String, createdAtMs: Int64, expiresAtMs: Int64) async throws {
        try await database.raw(
            """
            INSERT INTO access_token (token_digest, api_key_id, created_at_ms, expires_at_ms)
            VALUES (\(bind: tokenDigest), \(bind: apiKeyID), \(bind: createdAtMs), \(bind: expiresAtMs))
            """
        ).run()
    }

    /// The token whose digest is `tokenDigest`, or `nil`.
    public func token(digest tokenDigest: String) async throws -> Token? {
        guard
            let row = try await database.raw(
                "SELECT api_key_id, expires_at_ms FROM access_token WHERE token_digest = \(bind: tokenDigest)"
            ).first()
        else { return nil }
        return Token(
            apiKeyID: try row.decode(column: "api_key_id", as: String.self),
            expiresAtMs: try row.decode(column: "expires_at_ms", as: Int64.self)
        )
    }

    /// Deletes every token of the key (revocation).
    public func deleteAll(apiKeyID: String) async throws {
        try await database.raw("DELETE FROM access_token WHERE api_key_id = \(bind: apiKeyID)").run()
    }

    /// Deletes every token of every key of the merchant (suspension or closing).
    public func deleteAll(merchantNo: String) async throws {
        try await database.raw(
            """
            DELETE FROM access_token
            WHERE api_key_id IN (SELECT api_key_id FROM api_key WHERE merchant_no = \(bind: merchantNo))
            """
        ).run()
    }

    /// Deletes the key's oldest live tokens so that at most `keep` remain, and moves the cache
    /// generation when it deleted any (another process may have cached them). Returns how many.
    @discardableResult
    public func retireOldest(apiKeyID: String, keeping keep: Int) async throws -> Int {
        let retired = try await database.raw(
            """
            DELETE FROM access_token WHERE token_digest IN (
              SELECT token_digest FROM (
                SELECT token_digest,
                  ROW_NUMBER() OVER (ORDER BY created_at_ms DESC, token_digest DESC) AS newest_first
                FROM access_token WHERE api_key_id = \(bind: apiKeyID)
              ) ranked
              WHERE newest_first > \(literal: keep))
            RETURNING token_digest
            """
        ).all().count
        if retired > 0 {
            CachedRowWrites.noteWrite()
            try await database.raw("UPDATE change_generation SET value = value + 1 WHERE topic = 'cache'").run()
        }
        return retired
    }

    /// Deletes the key's tokens that expired before `nowMs`, so the table does not grow without bound.
    public func deleteExpired(apiKeyID: String, nowMs: Int64) async throws {
        try await database.raw(
            "DELETE FROM access_token WHERE api_key_id = \(bind: apiKeyID) AND expires_at_ms <= \(bind: nowMs)"
        ).run()
    }
}
