extension Migrations {
    /// The operator console (issue #16, ADR 0022): its accounts and their sessions.
    ///
    /// 1. `console_operator`: a name, a role (`admin` acts, `viewer` reads), the scrypt hash of the
    ///    password, and the count of consecutive failed sign-ins that locks the account for a while.
    /// 2. `console_session`: a signed-in browser, by the SHA-256 of its cookie's token, until it
    ///    expires or signs out.
    /// 3. Indexes for the console's reads across merchants: payments newest first (and its charts'
    ///    last 24 hours) and a payment's follow-ups.
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
        ]
    )
}
