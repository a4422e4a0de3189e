extension Migrations {
    /// The card catalog: BINs and the packages built on them.
    ///
    /// 1. Limits are USD minor units (cents) in BIGINT columns, never decimals or floats.
    /// 2. `currencies` is a comma-separated list of ISO 4217 codes; tags are JSON arrays of strings.
    /// 3. `fee_schedule` is the package's `fee_detail` object as JSON, every amount and rate a decimal
    ///    string, decoded into `FeeSchedule` (which refuses anything else) on read.
    static let cardCatalog = Migration(
        version: 2,
        name: "card_catalog",
        statements: [
            """
            CREATE TABLE card_bin (
                card_bin_no TEXT PRIMARY KEY,
                bin TEXT NOT NULL UNIQUE,
                organization TEXT NOT NULL CHECK (organization IN ('Visa', 'Mastercard')),
                supports_virtual INTEGER NOT NULL CHECK (supports_virtual IN (0, 1)),
                supports_physical INTEGER NOT NULL CHECK (supports_physical IN (0, 1)),
                currencies TEXT NOT NULL,
                limit_balance_minor BIGINT NOT NULL CHECK (limit_balance_minor >= 0),
                limit_week_balance_minor BIGINT NOT NULL CHECK (limit_week_balance_minor >= 0),
                limit_atm_day_balance_minor BIGINT NOT NULL CHECK (limit_atm_day_balance_minor >= 0),
                limit_atm_month_balance_minor BIGINT NOT NULL CHECK (limit_atm_month_balance_minor >= 0),
                status TEXT NOT NULL CHECK (status IN ('enabled', 'disabled')),
                created_at_ms BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE card_package (
                package_no TEXT PRIMARY KEY,
                card_bin_no TEXT NOT NULL REFERENCES card_bin (card_bin_no),
                card_type TEXT NOT NULL CHECK (card_type IN ('Virtual', 'Physical')),
                name_en TEXT NOT NULL,
                name_cn TEXT NOT NULL,
                description_en TEXT NOT NULL,
                description_cn TEXT NOT NULL,
                tags_en TEXT NOT NULL,
                tags_cn TEXT NOT NULL,
                limit_balance_minor BIGINT NOT NULL CHECK (limit_balance_minor >= 0),
                limit_week_balance_minor BIGINT NOT NULL CHECK (limit_week_balance_minor >= 0),
                limit_atm_day_balance_minor BIGINT NOT NULL CHECK (limit_atm_day_balance_minor >= 0),
                limit_atm_month_balance_minor BIGINT NOT NULL CHECK (limit_atm_month_balance_minor >= 0),
                fee_schedule TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('enabled', 'disabled')),
                created_at_ms BIGINT NOT NULL
            )
            """,
            "CREATE INDEX card_package_card_bin_no ON card_package (card_bin_no)",
        ]
    )
}
