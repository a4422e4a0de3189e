extension Migrations {
    /// Lists at any depth (issue #14, ADR 0018).
    ///
    /// 1. Every list reads newest first by `(created_at_ms, number)` and seeks past a cursor on the
    ///    same pair, so each list index ends with the row's number: the merchant's, and the card's
    ///    and cardholder's where a list filters by them.
    /// 2. `list_hour_count` holds, per list, merchant and closed hour, how many rows were created in
    ///    it; `list_count_watermark` says up to when, per list. A list's `total` adds the hours
    ///    inside its range to a live count of the rest, instead of counting millions of rows.
    static let listsAtAnyDepth = Migration(
        version: 12,
        name: "lists_at_any_depth",
        statements: [
            "DROP INDEX card_consumption_merchant_created",
            """
            CREATE INDEX card_consumption_merchant_no_created_at_ms_consume_no
            ON card_consumption (merchant_no, created_at_ms, consume_no)
            """,
            "DROP INDEX card_consumption_card",
            """
            CREATE INDEX card_consumption_card_no_created_at_ms_consume_no
            ON card_consumption (card_no, created_at_ms, consume_no)
            """,
            """
            CREATE INDEX card_consumption_cardholder_no_created_at_ms_consume_no
            ON card_consumption (cardholder_no, created_at_ms, consume_no)
            """,
            "DROP INDEX account_transfer_merchant_created",
            """
            CREATE INDEX account_transfer_merchant_no_created_at_ms_transfer_no
            ON account_transfer (merchant_no, created_at_ms, transfer_no)
            """,
            """
            CREATE INDEX account_transfer_cardholder_no_created_at_ms_transfer_no
            ON account_transfer (cardholder_no, created_at_ms, transfer_no)
            """,
            "DROP INDEX card_merchant_created",
            "CREATE INDEX card_merchant_no_created_at_ms_card_no ON card (merchant_no, created_at_ms, card_no)",
            "DROP INDEX cardholder_merchant_created",
            """
            CREATE INDEX cardholder_merchant_no_created_at_ms_cardholder_no
            ON cardholder (merchant_no, created_at_ms, cardholder_no)
            """,
            """
            CREATE TABLE list_hour_count (
                list TEXT NOT NULL,
                merchant_no TEXT NOT NULL,
                hour_ms BIGINT NOT NULL,
                row_count BIGINT NOT NULL,
                PRIMARY KEY (list, merchant_no, hour_ms)
            )
            """,
            """
            CREATE TABLE list_count_watermark (
                list TEXT PRIMARY KEY,
                counted_until_ms BIGINT NOT NULL
            )
            """,
        ]
    )
}
