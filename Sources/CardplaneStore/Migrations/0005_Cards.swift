extension Migrations {
    /// Cards, the card vault, catalog assignments and consumption records.
    ///
    /// 1. `card (merchant_no, card_unique_no)` is UNIQUE: the merchant's own card id answers 4003
    ///    once, and the constraint settles two concurrent applies.
    /// 2. `card_secret` is the vault: PAN, CVV and expiry sealed with AES-GCM under a data key (its id
    ///    inside each value), the PIN only as a sealed ISO 9564 PIN block. `pan_digest` is an HMAC of
    ///    the PAN under the vault's lookup key: uniqueness and lookups use it, never the clear PAN.
    /// 3. `vault_key` holds the data and lookup keys, each wrapped (sealed) by the master key ring.
    /// 4. `catalog_assignment` grants a merchant a BIN (authorization) or package (credit extension)
    ///    with an issuance limit; `issued_count` moves by conditional UPDATE, so concurrent applies
    ///    can never pass the limit (4006).
    /// 5. `card_consumption` is a card's money record (spec §4.11): issuance fees now, payments later.
    /// 6. `merchant.pci_display` switches private info and the hosted card page on (1013 when off).
    static let cards = Migration(
        version: 5,
        name: "cards",
        statements: [
            "ALTER TABLE merchant ADD COLUMN pci_display INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE card_bin ADD COLUMN countries TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE card_package ADD COLUMN activation TEXT NOT NULL DEFAULT 'api'",
            """
            CREATE TABLE catalog_assignment (
                merchant_no TEXT NOT NULL REFERENCES merchant (merchant_no),
                product_no TEXT NOT NULL,
                product_kind TEXT NOT NULL CHECK (product_kind IN ('bin', 'package')),
                issuance_limit BIGINT NOT NULL CHECK (issuance_limit >= 0),
                issued_count BIGINT NOT NULL CHECK (issued_count >= 0),
                open_cost_minor BIGINT NOT NULL CHECK (open_cost_minor >= 0),
                created_at_ms BIGINT NOT NULL,
                updated_at_ms BIGINT NOT NULL,
                CHECK (issued_count <= issuance_limit),
                PRIMARY KEY (merchant_no, product_no)
            )
            """,
            """
            CREATE TABLE card (
                card_no TEXT PRIMARY KEY,
                merchant_no TEXT NOT NULL REFERENCES merchant (merchant_no),
                cardholder_no TEXT NOT NULL REFERENCES cardholder (cardholder_no),
                card_unique_no TEXT NOT NULL,
                card_type TEXT NOT NULL CHECK (card_type IN ('Virtual', 'Physical')),
                card_bin_no TEXT NOT NULL REFERENCES card_bin (card_bin_no),
                package_no TEXT REFERENCES card_package (package_no),
                organization TEXT NOT NULL,
                card_last_no TEXT NOT NULL,
                status TEXT NOT NULL
                    CHECK (status IN ('Pending', 'ToActivate', 'Activated', 'Fail', 'Frozen', 'Delete')),
                version INTEGER NOT NULL,
                fee_hold_id TEXT,
                provider_reference TEXT,
                produced_at_ms BIGINT,
                sealed_address TEXT,
                created_at_ms BIGINT NOT NULL,
                updated_at_ms BIGINT NOT NULL,
                UNIQUE (merchant_no, card_unique_no)
            )
            """,
            "CREATE INDEX card_merchant_created ON card (merchant_no, created_at_ms)",
            "CREATE INDEX card_cardholder ON card (cardholder_no)",
            "CREATE INDEX card_production ON card (status, produced_at_ms)",
            """
            CREATE TABLE card_secret (
                card_no TEXT PRIMARY KEY REFERENCES card (card_no),
                pan_digest TEXT NOT NULL UNIQUE,
                sealed_pan TEXT,
                sealed_cvv TEXT,
                sealed_expiry TEXT,
                sealed_pin_block TEXT,
                updated_at_ms BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE vault_key (
                key_id TEXT PRIMARY KEY,
                purpose TEXT NOT NULL CHECK (purpose IN ('data', 'lookup')),
                wrapped_key TEXT NOT NULL,
                created_at_ms BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE card_consumption (
                consume_no TEXT PRIMARY KEY,
                merchant_no TEXT NOT NULL REFERENCES merchant (merchant_no),
                card_no TEXT NOT NULL REFERENCES card (card_no),
                cardholder_no TEXT NOT NULL REFERENCES cardholder (cardholder_no),
                consume_relate_no TEXT,
                consume_type TEXT NOT NULL
                    CHECK (consume_type IN ('Open_card', 'Consumption', 'Atm', 'Manage_fee', 'Reversal', 'Refund')),
                status TEXT NOT NULL CHECK (status IN ('Pending', 'Success', 'Fail')),
                currency TEXT NOT NULL,
                amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
                local_currency TEXT NOT NULL,
                local_amount_minor BIGINT NOT NULL CHECK (local_amount_minor >= 0),
                fee_minor BIGINT NOT NULL CHECK (fee_minor >= 0),
                fee_list TEXT NOT NULL,
                merchant_info TEXT,
                remark TEXT,
                detail TEXT,
                entry_id TEXT REFERENCES ledger_entry (entry_id),
                version INTEGER NOT NULL,
                created_at_ms BIGINT NOT NULL,
                updated_at_ms BIGINT NOT NULL
            )
            """,
            "CREATE INDEX card_consumption_merchant_created ON card_consumption (merchant_no, created_at_ms)",
            "CREATE INDEX card_consumption_card ON card_consumption (card_no, created_at_ms)",
        ]
    )
}
