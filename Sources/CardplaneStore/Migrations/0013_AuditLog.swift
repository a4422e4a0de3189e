extension Migrations {
    /// The audit log (issue #15, ADR 0020): one row per operator action and per merchant call that
    /// changes state, hash-chained in `sequence` order. `audit_head` holds the last sequence and
    /// hash; appending locks it, so appends from every process form one chain.
    static let auditLog = Migration(
        version: 13,
        name: "audit_log",
        statements: [
            """
            CREATE TABLE audit_event (
                sequence BIGINT PRIMARY KEY,
                occurred_at_ms BIGINT NOT NULL,
                actor_type TEXT NOT NULL CHECK (actor_type IN ('operator', 'merchant')),
                actor TEXT NOT NULL,
                merchant_no TEXT,
                action TEXT NOT NULL,
                object TEXT,
                outcome TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_event_occurred ON audit_event (occurred_at_ms)",
            "CREATE INDEX audit_event_merchant ON audit_event (merchant_no, sequence)",
            """
            CREATE TABLE audit_head (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                sequence BIGINT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            """
            INSERT INTO audit_head (id, sequence, hash)
            VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')
            """,
        ]
    )
}
