extension Migrations {
    /// Merchants, their IP allowlists, API keys, Access-Tokens and the shared rate-limit buckets.
    ///
    /// 1. `merchant.merchant_no` is the public number and the key other tables refer to.
    /// 2. `api_key.key_digest` is the SHA-256 of the Api-Key: the key itself is never stored. It is
    ///    UNIQUE because lookups go by it.
    /// 3. `api_key.sealed_secret` is the apiSecret sealed with AES-GCM (key id inside): the platform
    ///    must encrypt with it, so it cannot be only hashed (spec §13).
    /// 4. `access_token.token_digest` is the SHA-256 of the token; the token names its Api-Key.
    /// 5. `rate_limit_bucket` holds one token bucket per Api-Key, in thousandths of a token, shared by
    ///    every server process on the same database.
    static let merchantsAndCredentials = Migration(
        version: 1,
        name: "merchants_and_credentials",
        statements: [
            """
            CREATE TABLE merchant (
                merchant_no TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                mode TEXT NOT NULL CHECK (mode IN ('credit_extension', 'authorization')),
                status TEXT NOT NULL CHECK (status IN ('enabled', 'disabled', 'closed')),
                created_at_ms BIGINT NOT NULL,
                updated_at_ms BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE merchant_ip_allowlist (
                merchant_no TEXT NOT NULL REFERENCES merchant (merchant_no),
                cidr TEXT NOT NULL,
                created_at_ms BIGINT NOT NULL,
                PRIMARY KEY (merchant_no, cidr)
            )
            """,
            """
            CREATE TABLE api_key (
                api_key_id TEXT PRIMARY KEY,
                merchant_no TEXT NOT NULL REFERENCES merchant (merchant_no),
                key_digest TEXT NOT NULL UNIQUE,
                key_prefix TEXT NOT NULL,
                sealed_secret TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('enabled', 'revoked')),
                created_at_ms BIGINT NOT NULL,
                expires_at_ms BIGINT,
                revoked_at_ms BIGINT
            )
            """,
            "CREATE INDEX api_key_merchant_no ON api_key (merchant_no)",
            """
            CREATE TABLE access_token (
                token_digest TEXT PRIMARY KEY,
                api_key_id TEXT NOT NULL REFERENCES api_key (api_key_id),
                created_at_ms BIGINT NOT NULL,
                expires_at_ms BIGINT NOT NULL
            )
            """,
            "CREATE INDEX access_token_api_key_id ON access_token (api_key_id, expires_at_ms)",
            """
            CREATE TABLE rate_limit_bucket (
                bucket_key TEXT PRIMARY KEY,
                tokens_units BIGINT NOT NULL CHECK (tokens_units >= 0),
                refilled_at_ms BIGINT NOT NULL,
                last_granted INTEGER NOT NULL CHECK (last_granted IN (0, 1))
            )
            """,
        ]
    )
}
