extension Migrations {
    /// List totals sum days, not a day's worth of hours each (ADR 0018).
    ///
    /// 1. `list_day_count`: per list and merchant, the rows created in each UTC day whose every hour
    ///    is counted; a total over 90 days adds about 90 of these and at most 46 hour counts instead
    ///    of 2,160 hour counts.
    /// 2. Filled from the hour counts of every day wholly before the watermark; later days are added
    ///    by the roll-up that counts their last hour, in the same transaction.
    static let listDayCounts = Migration(
        version: 16,
        name: "list_day_counts",
        statements: [
            """
            CREATE TABLE list_day_count (
                list TEXT NOT NULL,
                merchant_no TEXT NOT NULL,
                day_ms BIGINT NOT NULL,
                row_count BIGINT NOT NULL,
                PRIMARY KEY (list, merchant_no, day_ms)
            )
            """,
            """
            INSERT INTO list_day_count (list, merchant_no, day_ms, row_count)
            SELECT h.list, h.merchant_no, (h.hour_ms / 86400000) * 86400000, SUM(h.row_count)
            FROM list_hour_count h JOIN list_count_watermark w ON w.list = h.list
            WHERE h.hour_ms < (w.counted_until_ms / 86400000) * 86400000
            GROUP BY h.list, h.merchant_no, (h.hour_ms / 86400000) * 86400000
            """,
        ]
    )
}
