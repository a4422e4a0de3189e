extension Migrations {
    /// The double-entry ledger, merchant deposits and cardholder transfers.
    ///
    /// 1. `ledger_account.balance_minor` is kept equal to the sum of the account's postings, in the
    ///    transaction that adds them; `ledger verify` recomputes it.
    /// 2. The CHECK on `ledger_account` is the database's half of the paired assertion: an account
    ///    that may not go negative can never have held money exceed its balance, whatever the code does.
    /// 3. `ledger_posting` rows of one entry sum to zero (asserted when built, verified after).
    /// 4. `ledger_hold` keeps two-phase reservations; `held_minor` equals the sum of pending holds.
    /// 5. `account_transfer (merchant_no, transfer_unique_no)` is UNIQUE: the merchant's reference
    ///    number is the idempotency key (3004).
    /// 6. `merchant_deposit (chain, tx_hash)` is the primary key: one on-chain transaction credits once.
    static let ledger = Migration(
        version: 4,
        name: "ledger",
        statements: [
            """
            CREATE TABLE ledger_account (
                account_id TEXT PRIMARY KEY,
                owner_type TEXT NOT NULL CHECK (owner_type IN ('platform', 'merchant', 'cardholder')),
                owner_no TEXT NOT NULL,
                currency TEXT NOT NULL,
                balance_minor BIGINT NOT NULL,
                held_minor BIGINT NOT NULL CHECK (held_minor >= 0),
                allows_negative INTEGER NOT NULL CHECK (allows_negative IN (0, 1)),
                created_at_ms BIGINT NOT NULL,
                updated_at_ms BIGINT NOT NULL,
                CHECK (allows_negative = 1 OR balance_minor - held_minor >= 0),
                UNIQUE (owner_type, owner_no, currency)
            )
            """,
            """
            CREATE TABLE ledger_entry (
                entry_id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                reference TEXT NOT NULL,
                created_at_ms BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE ledger_posting (
                entry_id TEXT NOT NULL REFERENCES ledger_entry (entry_id),
                line INTEGER NOT NULL,
                account_id TEXT NOT NULL REFERENCES ledger_account (account_id),
                amount_minor BIGINT NOT NULL CHECK (amount_minor <> 0),
                PRIMARY KEY (entry_id, line)
            )
            """,
            "CREATE INDEX ledger_posting_account_id ON ledger_posting (account_id)",
            """
            CREATE TABLE ledger_hold (
                hold_id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES ledger_account (account_id),
                amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
                state TEXT NOT NULL CHECK (state IN ('pending', 'posted', 'voided', 'expired')),
                expires_at_ms BIGINT NOT NULL,
                created_at_ms BIGINT NOT NULL,
                resolved_at_ms BIGINT
            )
            """,
            "CREATE INDEX ledger_hold_pending ON ledger_hold (state, expires_at_ms)",
            """
            CREATE TABLE account_transfer (
                transfer_no TEXT PRIMARY KEY,
                merchant_no TEXT NOT NULL REFERENCES merchant (merchant_no),
                transfer_unique_no TEXT NOT NULL,
                cardholder_no TEXT NOT NULL REFERENCES cardholder (cardholder_no),
                transfer_type TEXT NOT NULL CHECK (transfer_type IN ('In', 'Out')),
                currency TEXT NOT NULL,
                amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
                before_balance_minor BIGINT NOT NULL,
                after_balance_minor BIGINT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('Pending', 'Success', 'Fail')),
                entry_id TEXT NOT NULL REFERENCES ledger_entry (entry_id),
                created_at_ms BIGINT NOT NULL,
                UNIQUE (merchant_no, transfer_unique_no)
            )
            """,
            "CREATE INDEX account_transfer_merchant_created ON account_transfer (merchant_no, created_at_ms)",
            """
            CREATE TABLE merchant_deposit (
                chain TEXT NOT NULL,
                tx_hash TEXT NOT NULL,
                merchant_no TEXT NOT NULL REFERENCES merchant (merchant_no),
                currency TEXT NOT NULL,
                amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
                entry_id TEXT NOT NULL REFERENCES ledger_entry (entry_id),
                created_at_ms BIGINT NOT NULL,
                PRIMARY KEY (chain, tx_hash)
            )
            """,
        ]
    )
}
