extension Migrations {
    /// Card transactions and callbacks to merchants.
    ///
    /// 1. A consumption from the network carries the network's transaction id, UNIQUE: an
    ///    authorization is recorded once however often the network repeats it. `hold_id` is the
    ///    two-phase hold on the funding account; `cleared_minor` and `returned_minor` track what was
    ///    captured and what went back (reversals, refunds).
    /// 2. `network_message` makes every later step (clear, reverse, refund) idempotent on the
    ///    network's message id: a repeat finds the record it produced.
    /// 3. `outbox_event` gains its delivery state: the callback dispatcher sends the lowest pending
    ///    version of each object first, retries with backoff (`next_attempt_at_ms`), and keeps every
    ///    attempt in `callback_attempt`, the delivery log operators read and replay.
    /// 4. `merchant.callback_url` is where a merchant's callbacks go (set by an operator).
    static let transactions = Migration(
        version: 6,
        name: "transactions",
        statements: [
            "ALTER TABLE card_consumption ADD COLUMN network_transaction_id TEXT",
            "ALTER TABLE card_consumption ADD COLUMN hold_id TEXT",
            "ALTER TABLE card_consumption ADD COLUMN decline_reason TEXT",
            "ALTER TABLE card_consumption ADD COLUMN merchant_mcc TEXT",
            "ALTER TABLE card_consumption ADD COLUMN cleared_minor BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE card_consumption ADD COLUMN returned_minor BIGINT NOT NULL DEFAULT 0",
            """
            CREATE UNIQUE INDEX card_consumption_network_transaction
            ON card_consumption (network_transaction_id)
            """,
            "CREATE INDEX card_consumption_merchant_updated ON card_consumption (merchant_no, updated_at_ms)",
            """
            CREATE TABLE network_message (
                message_id TEXT PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('authorize', 'clear', 'reverse', 'refund', 'expire')),
                consume_no TEXT NOT NULL REFERENCES card_consumption (consume_no),
                created_at_ms BIGINT NOT NULL
            )
            """,
            "ALTER TABLE merchant ADD COLUMN callback_url TEXT",
            "ALTER TABLE outbox_event ADD COLUMN status TEXT NOT NULL DEFAULT 'pending'",
            "ALTER TABLE outbox_event ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE outbox_event ADD COLUMN next_attempt_at_ms BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE outbox_event ADD COLUMN last_error TEXT",
            "CREATE INDEX outbox_event_due ON outbox_event (status, next_attempt_at_ms)",
            """
            CREATE TABLE callback_attempt (
                event_id TEXT NOT NULL REFERENCES outbox_event (event_id),
                attempt INTEGER NOT NULL,
                attempted_at_ms BIGINT NOT NULL,
                http_status INTEGER,
                outcome TEXT NOT NULL,
                duration_ms BIGINT NOT NULL,
                PRIMARY KEY (event_id, attempt)
            )
            """,
        ]
    )
}
