extension Migrations {
    /// Answers kept for `Idempotency-Key` (issue #14, ADR 0017).
    ///
    /// One row per merchant and key: the request's fingerprint, who is running it (`claim_id`, until
    /// `lease_until_ms`), and once it has finished, the answer to replay (`code`, `status`,
    /// `content_type`, `body`). Rows older than a day are forgotten by housekeeping
    /// (`created_at_ms` index).
    static let idempotentRequests = Migration(
        version: 11,
        name: "idempotent_requests",
        statements: [
            """
            CREATE TABLE idempotent_request (
                merchant_no TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                claim_id TEXT NOT NULL,
                lease_until_ms BIGINT NOT NULL,
                created_at_ms BIGINT NOT NULL,
                code BIGINT,
                status BIGINT,
                content_type TEXT,
                body TEXT,
                PRIMARY KEY (merchant_no, idempotency_key)
            )
            """,
            "CREATE INDEX idempotent_request_created ON idempotent_request (created_at_ms)",
        ]
    )
}
