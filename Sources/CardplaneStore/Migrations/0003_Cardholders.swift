extension Migrations {
    /// Cardholders, their pending KYC verifications, and the outbox of domain events.
    ///
    /// 1. `cardholder (merchant_no, cardholder_unique_no)` is UNIQUE: the merchant's own id is
    ///    idempotent (2001), and the constraint settles two concurrent applies.
    /// 2. `sealed_applicant` is the KYC personal data (names, birth date, document, address) sealed
    ///    with AES-GCM, key id inside; only `email` and `status` are kept in clear for queries.
    /// 3. `kyc_verification_job` holds one row per undecided verification, so a decision survives a
    ///    restart; `due_at_ms` doubles as a lease when a worker claims the row.
    /// 4. `outbox_event` receives every status change in the same transaction as the change; the
    ///    callback issue delivers them. `(aggregate_no, aggregate_version)` orders events per object.
    static let cardholders = Migration(
        version: 3,
        name: "cardholders",
        statements: [
            """
            CREATE TABLE cardholder (
                cardholder_no TEXT PRIMARY KEY,
                merchant_no TEXT NOT NULL REFERENCES merchant (merchant_no),
                cardholder_unique_no TEXT NOT NULL,
                email TEXT,
                status TEXT NOT NULL CHECK (status IN ('Pending', 'In_progress', 'Approved', 'Rejected')),
                fail_reason TEXT,
                sealed_applicant TEXT,
                version INTEGER NOT NULL CHECK (version >= 1),
                created_at_ms BIGINT NOT NULL,
                updated_at_ms BIGINT NOT NULL,
                UNIQUE (merchant_no, cardholder_unique_no)
            )
            """,
            "CREATE INDEX cardholder_merchant_created ON cardholder (merchant_no, created_at_ms)",
            """
            CREATE TABLE kyc_verification_job (
                cardholder_no TEXT PRIMARY KEY REFERENCES cardholder (cardholder_no),
                applicant_id TEXT NOT NULL,
                due_at_ms BIGINT NOT NULL,
                attempts INTEGER NOT NULL CHECK (attempts >= 0),
                created_at_ms BIGINT NOT NULL
            )
            """,
            "CREATE INDEX kyc_verification_job_due ON kyc_verification_job (due_at_ms)",
            """
            CREATE TABLE outbox_event (
                event_id TEXT PRIMARY KEY,
                merchant_no TEXT NOT NULL REFERENCES merchant (merchant_no),
                aggregate_type TEXT NOT NULL,
                aggregate_no TEXT NOT NULL,
                aggregate_version INTEGER NOT NULL,
                event_type TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at_ms BIGINT NOT NULL,
                delivered_at_ms BIGINT,
                UNIQUE (aggregate_type, aggregate_no, aggregate_version)
            )
            """,
            "CREATE INDEX outbox_event_undelivered ON outbox_event (delivered_at_ms, created_at_ms)",
        ]
    )
}
