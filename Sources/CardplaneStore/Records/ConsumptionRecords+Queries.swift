public import CardplaneCore
public import SQLKit

extension ConsumptionRecords {
    /// Spend counted against a card's limits since the given times: purchases and ATM withdrawals
    /// that are pending (what is left after reversals) or captured (what was captured, less refunds).
    /// Each card of `cardNos` by number (a card without spend has none), in one statement.
    public func usage(
        cardNos: Set<String>,
        weekStartMs: Int64,
        dayStartMs: Int64,
        monthStartMs: Int64
    ) async throws
        -> [String: SpendUsage]
    {
        guard !cardNos.isEmpty else { return [:] }
        let numbers: [SQLQueryString] = cardNos.sorted().map { "\(bind: $0)" }
        let spent: SQLQueryString = """
            (CASE WHEN status = 'Success' THEN cleared_minor ELSE amount_minor END) - returned_minor
            """
        let rows = try await database.raw(
            """
            SELECT card_no,
              CAST(COALESCE(SUM(CASE WHEN created_at_ms >= \(bind: weekStartMs)
                THEN \(spent) ELSE 0 END), 0) AS BIGINT) AS week,
              CAST(COALESCE(SUM(CASE WHEN consume_type = 'Atm' AND created_at_ms >= \(bind: dayStartMs)
                THEN \(spent) ELSE 0 END), 0) AS BIGINT) AS atm_day,
              CAST(COALESCE(SUM(CASE WHEN consume_type = 'Atm' AND created_at_ms >= \(bind: monthStartMs)
                THEN \(spent) ELSE 0 END), 0) AS BIGINT) AS atm_month
            FROM card_consumption
            WHERE card_no IN (\(numbers.joined(separator: ", "))) AND consume_type IN ('Consumption', 'Atm')
              AND status IN ('Pending', 'Success')
              AND created_at_ms >= \(bind: min(weekStartMs, dayStartMs, monthStartMs))
            GROUP BY card_no
            """
        ).all()
        var usage: [String: SpendUsage] = [:]
        for row in rows {
            usage[try row.decode(column: "card_no", as: String.self)] = SpendUsage(
                weekMinor: try row.decode(column: "week", as: Int64.self),
                atmDayMinor: try row.decode(column: "atm_day", as: Int64.self),
                atmMonthMinor: try row.decode(column: "atm_month", as: Int64.self)
            )
        }
        return usage
    }

    /// Small purchases approved since `smallSinceMs` (below `smallThresholdMinor`) and declines that
    /// cost a fee since `declineSinceMs`: how much of each free allowance is used. A `nil` start
    /// counts nothing (no allowance period).
    public func allowanceUsage(
        cardNo: String,
        smallThresholdMinor: Int64,
        smallSinceMs: Int64?,
        declineSinceMs: Int64?,
        chargeableReasons: [String]
    ) async throws -> FreeAllowanceUsage {
        var usage = FreeAllowanceUsage()
        if let smallSinceMs {
            let window = SmallPurchaseWindow(cardNo: cardNo, sinceMs: smallSinceMs, thresholdMinor: smallThresholdMinor)
            usage.smallUsed = try await smallPurchaseCounts([window])[cardNo] ?? 0
        }
        if let declineSinceMs, !chargeableReasons.isEmpty {
            let reasons = SQLList(chargeableReasons.map { SQLBind($0) })
            let row = try await database.raw(
                """
                SELECT COUNT(*) AS used FROM card_consumption
                WHERE card_no = \(bind: cardNo) AND status = 'Fail' AND decline_reason IN (\(reasons))
                  AND created_at_ms >= \(bind: declineSinceMs)
                """
            ).first()
            usage.declineUsed = Int(try row?.decode(column: "used", as: Int64.self) ?? 0)
        }
        return usage
    }

    /// Where a card's small purchases count: since `sinceMs`, below `thresholdMinor`.
    public struct SmallPurchaseWindow: Sendable, Hashable {
        public var cardNo: String
        public var sinceMs: Int64
        public var thresholdMinor: Int64

        public init(cardNo: String, sinceMs: Int64, thresholdMinor: Int64) {
            self.cardNo = cardNo
            self.sinceMs = sinceMs
            self.thresholdMinor = thresholdMinor
        }
    }

    /// For each window, how many small purchases (pending or captured) its card made in it, by card
    /// number (a card without any has none), in one statement. One window per card.
    ///
    /// One count per window, each a range of the card's index `(card_no, created_at_ms, …)`: a join
    /// with the windows as a `VALUES` list let PostgreSQL pick a scan of the whole table for some
    /// batch sizes (30 ms instead of 1, the batch's every authorization waiting on it).
    public func smallPurchaseCounts(_ windows: Set<SmallPurchaseWindow>) async throws -> [String: Int] {
        guard !windows.isEmpty else { return [:] }
        let counts: [SQLQueryString] = windows.sorted { $0.cardNo < $1.cardNo }.map { window in
            """
            SELECT card_no, COUNT(*) AS used FROM card_consumption
            WHERE card_no = \(bind: window.cardNo) AND created_at_ms >= \(bind: window.sinceMs)
              AND consume_type = 'Consumption' AND status IN ('Pending', 'Success')
              AND amount_minor < \(bind: window.thresholdMinor)
            GROUP BY card_no
            """
        }
        let rows = try await database.raw("\(counts.joined(separator: " UNION ALL "))").all()
        var used: [String: Int] = [:]
        for row in rows {
            used[try row.decode(column: "card_no", as: String.self)] = Int(
                try row.decode(column: "used", as: Int64.self)
            )
        }
        return used
    }

    /// The merchant's records created within `range`, newest first (spec §4.11).
    public func list(
        merchantNo: String,
        cardholderNo: String?,
        consumeNo: String?,
        cardNo: String?,
        range: TimeRange,
        page: PageRequest,
        countedUntil: Int64?
    ) async throws -> Page<ConsumptionSummary> {
        var filter: SQLQueryString = """
            WHERE merchant_no = \(bind: merchantNo)
            """
        if let cardholderNo { filter = "\(filter) AND cardholder_no = \(bind: cardholderNo)" }
        if let consumeNo { filter = "\(filter) AND consume_no = \(bind: consumeNo)" }
        if let cardNo { filter = "\(filter) AND card_no = \(bind: cardNo)" }
        return try await database.page(
            select: "consume_no, card_no, consume_type, status, currency, amount_minor",
            source: "FROM card_consumption \(filter)",
            time: "created_at_ms",
            id: "consume_no",
            range: range,
            page: page,
            total: database.listTotal(
                .consumptions,
                merchantNo: merchantNo,
                range: range,
                filtered: cardholderNo != nil || consumeNo != nil || cardNo != nil,
                countedUntil: countedUntil
            ),
            row: Self.summary(from:)
        )
    }

    /// Pending network records whose hold expired by `nowMs`, oldest first.
    public func expiredAuthorizations(nowMs: Int64, limit: Int) async throws -> [Consumption] {
        try await database.raw(
            """
            SELECT c.* FROM card_consumption c JOIN ledger_hold h ON h.hold_id = c.hold_id
            WHERE c.status = 'Pending' AND h.state = 'pending' AND h.expires_at_ms <= \(bind: nowMs)
            ORDER BY h.expires_at_ms, c.consume_no LIMIT \(literal: limit)
            """
        ).all().map(Self.record(from:))
    }
}

/// Network messages already processed: each later step (clear, reverse, refund) once per message id.
public struct NetworkMessageRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// The record a message produced, if it was processed.
    public func consumeNo(messageID: String) async throws -> String? {
        try await database.raw("SELECT consume_no FROM network_message WHERE message_id = \(bind: messageID)")
            .first()?.decode(column: "consume_no", as: String.self)
    }

    /// Records that `messageID` produced `consumeNo`; `false` when the message was processed already.
    public func insert(messageID: String, kind: String, consumeNo: String, nowMs: Int64) async throws -> Bool {
        try await !database.raw(
            """
            INSERT INTO network_message (message_id, kind, consume_no, created_at_ms)
            VALUES (\(bind: messageID), \(bind: kind), \(bind: consumeNo), \(bind: nowMs))
            ON CONFLICT (message_id) DO NOTHING RETURNING message_id
            """
        ).all().isEmpty
    }
}

extension ConsumptionRecords {
    /// When the card's last `Manage_fee` record was made, or `nil` when it has none.
    public func lastManagementFeeMs(cardNo: String) async throws -> Int64? {
        try await database.raw(
            """
            SELECT CAST(MAX(created_at_ms) AS BIGINT) AS last FROM card_consumption
            WHERE card_no = \(bind: cardNo) AND consume_type = 'Manage_fee'
            """
        ).first()?.decode(column: "last", as: Int64?.self)
    }
}
