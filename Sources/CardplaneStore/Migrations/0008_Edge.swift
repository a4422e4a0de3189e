extension Migrations {
    /// What the edge needs to serve a request without a durable write (ADR 0011, 0012).
    ///
    /// 1. `rate_limit_bucket.last_granted_tokens`: a process takes a lease of several tokens in one
    ///    statement; this is how many the last statement granted.
    /// 2. `change_generation` counts changes to the rows the edge caches, per topic. Triggers on
    ///    `merchant`, `merchant_ip_allowlist`, `api_key`, `card`, `card_package` and `card_bin` bump
    ///    `cache` inside every writer's transaction, whatever process or tool it is; a server reads
    ///    the count before it trusts its caches.
    /// 3. On PostgreSQL the bucket table is `UNLOGGED`: a lease costs no WAL flush, and after a crash
    ///    the table comes back empty, which refills every bucket once (acceptable for a rate limit).
    static let edge = Migration(
        version: 8,
        name: "edge",
        statements: [
            "ALTER TABLE rate_limit_bucket ADD COLUMN last_granted_tokens BIGINT NOT NULL DEFAULT 0",
            """
            CREATE TABLE change_generation (
                topic TEXT PRIMARY KEY,
                value BIGINT NOT NULL
            )
            """,
            "INSERT INTO change_generation (topic, value) VALUES ('cache', 0)",
        ],
        sqliteStatements: cachedTables.flatMap { table in
            ["INSERT", "UPDATE", "DELETE"].map { event in
                """
                CREATE TRIGGER \(table)_\(event.lowercased())_cache AFTER \(event) ON \(table)
                BEGIN
                    UPDATE change_generation SET value = value + 1 WHERE topic = 'cache';
                END
                """
            }
        },
        postgresStatements: [
            "ALTER TABLE rate_limit_bucket SET UNLOGGED",
            """
            CREATE FUNCTION cardplane_cache_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE change_generation SET value = value + 1 WHERE topic = 'cache';
                RETURN NULL;
            END
            $$
            """,
        ]
            + cachedTables.map { table in
                """
                CREATE TRIGGER \(table)_cache AFTER INSERT OR UPDATE OR DELETE ON \(table)
                FOR EACH STATEMENT EXECUTE FUNCTION cardplane_cache_changed()
                """
            }
    )

    /// The tables whose rows the edge caches: the key, its merchant and allowlist (auth chain), and
    /// a card with its package and BIN (card detail).
    static let cachedTables = ["merchant", "merchant_ip_allowlist", "api_key", "card", "card_package", "card_bin"]
}
