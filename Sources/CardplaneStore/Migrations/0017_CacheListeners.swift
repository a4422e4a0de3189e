extension Migrations {
    /// PostgreSQL servers learn of changes to cached rows by notification instead of a read per
    /// round of requests (ADR 0012).
    ///
    /// 1. `cache_listener`: one row per listening server process: the cache generation it has seen
    ///    and until when (database clock, Unix ms) its lease on trusting what it has seen holds. A
    ///    writer of cached rows waits, after its commit, until every listener with a lease has seen
    ///    its change. `UNLOGGED` on PostgreSQL: after a crash no server is listening anyway.
    /// 2. Every move of the generation notifies `cardplane_cache` in the mover's transaction — the
    ///    cached tables' triggers and the direct bumps alike (a retired Access-Token) — so listeners
    ///    hear of every change from any process or tool once it commits.
    static let cacheListeners = Migration(
        version: 17,
        name: "cache_listeners",
        statements: [
            """
            CREATE TABLE cache_listener (
                listener_id TEXT PRIMARY KEY,
                seen_generation BIGINT NOT NULL,
                lease_until_ms BIGINT NOT NULL
            )
            """
        ],
        postgresStatements: [
            "ALTER TABLE cache_listener SET UNLOGGED",
            """
            CREATE FUNCTION cardplane_cache_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('cardplane_cache', '');
                RETURN NULL;
            END
            $$
            """,
            """
            CREATE TRIGGER change_generation_notify AFTER UPDATE ON change_generation
            FOR EACH STATEMENT EXECUTE FUNCTION cardplane_cache_notify()
            """,
        ]
    )
}
