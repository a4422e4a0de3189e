extension Migrations {
    /// The operator console (issue #16, ADR 0022): its accounts and their sessions.
    ///
    /// 1. `console_operator`: a name, a role (`admin` acts, `viewer` reads), the scrypt hash of the
    ///    password, and the count of consecutive failed sign-ins that locks the account for a while.
    /// 2. `console_session`: a signed-in browser, by the SHA-256 of its cookie's token, until it
    ///    expires or signs out.
    /// 3. Indexes for the console's reads across merchants, newest first: payments (and the
    ///    charts' last 24 hours), a payment's follow-ups, cards (also by status), cardholders, and
    ///    ledger accounts by owner type.
    /// 4. `ledger_posting.created_at_ms`, its entry's time, so an account's postings page newest
    ///    first by `(account_id, created_at_ms, entry_id, line)` — an index that replaces the one
    ///    on `account_id` alone, so a posting still writes one index.
    static let consoleOperators = Migration(
        version: 14,
        name: "console_operators",
        statements: [
            """
            CREATE TABLE console_operator (
                operator_name TEXT PRIMARY KEY,
                role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
                password_hash TEXT NOT NULL,
                failed_sign_ins INTEGER NOT NULL DEFAULT 0,
                locked_until_ms BIGINT NOT NULL DEFAULT 0,
                created_at_ms BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE console_session (
                token_digest TEXT PRIMARY KEY,
                operator_name TEXT NOT NULL REFERENCES console_operator (operator_name),
                created_at_ms BIGINT NOT NULL,
                expires_at_ms BIGINT NOT NULL
            )
            """,
            "CREATE INDEX console_session_expires ON console_session (expires_at_ms)",
            "CREATE INDEX card_consumption_created_at_ms_consume_no ON card_consumption (created_at_ms, consume_no)",
            "CREATE INDEX card_consumption_consume_relate_no ON card_consumption (consume_relate_no)",
            "CREATE INDEX card_created_at_ms_card_no ON card (created_at_ms, card_no)",
            "CREATE INDEX card_status_created_at_ms_card_no ON card (status, created_at_ms, card_no)",
            "CREATE INDEX ledger_account_owner_type_account_id ON ledger_account (owner_type, account_id)",
            "CREATE INDEX cardholder_created_at_ms_cardholder_no ON cardholder (created_at_ms, cardholder_no)",
            "ALTER TABLE ledger_posting ADD COLUMN created_at_ms BIGINT NOT NULL DEFAULT 0",
            """
            UPDATE ledger_posting SET created_at_ms =
                (SELECT e.created_at_ms FROM ledger_entry e WHERE e.entry_id = ledger_posting.entry_id)
            """,
            "DROP INDEX ledger_posting_account_id",
            """
            CREATE INDEX ledger_posting_account_id_created_at_ms
            ON ledger_posting (account_id, created_at_ms, entry_id, line)
            """,
        ]
    )
}
