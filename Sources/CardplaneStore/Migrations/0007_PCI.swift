extension Migrations {
    /// The PCI hosted card page.
    ///
    /// 1. `merchant_pci` holds a merchant's allowed parent origins, hosted host names and card style
    ///    (`merchant.pci_display` stays the on/off switch).
    /// 2. `pci_client_token` keeps only the SHA-256 of each client access token; `used_at_ms` is set
    ///    once, by a conditional UPDATE, so a token opens the page at most once.
    /// 3. `pci_nonce (merchant_no, nonce)` is the primary key: a nonce is accepted once (1017).
    static let pci = Migration(
        version: 7,
        name: "pci",
        statements: [
            """
            CREATE TABLE merchant_pci (
                merchant_no TEXT PRIMARY KEY REFERENCES merchant (merchant_no),
                allowed_origins TEXT NOT NULL,
                hosted_hosts TEXT NOT NULL,
                style TEXT NOT NULL,
                updated_at_ms BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE pci_client_token (
                token_digest TEXT PRIMARY KEY,
                merchant_no TEXT NOT NULL REFERENCES merchant (merchant_no),
                card_no TEXT NOT NULL REFERENCES card (card_no),
                expires_at_ms BIGINT NOT NULL,
                used_at_ms BIGINT,
                created_at_ms BIGINT NOT NULL
            )
            """,
            "CREATE INDEX pci_client_token_expires ON pci_client_token (expires_at_ms)",
            """
            CREATE TABLE pci_nonce (
                merchant_no TEXT NOT NULL REFERENCES merchant (merchant_no),
                nonce TEXT NOT NULL,
                used_at_ms BIGINT NOT NULL,
                PRIMARY KEY (merchant_no, nonce)
            )
            """,
        ]
    )
}
