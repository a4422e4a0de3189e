public import CardplaneCore
public import SQLKit

/// What the operator console reads across merchants: activity by minute and hour for its charts,
/// and payments by any filter, a page at a time by keyset (`created_at_ms`, `consume_no`), so a
/// page deep in millions of rows costs what the first one does.
public struct ConsoleReadRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Card authorizations (purchases and ATM withdrawals from the network) started in one minute.
    public struct MinuteActivity: Sendable, Equatable {
        /// The minute's start, Unix milliseconds.
        public var minuteMs: Int64
        public var approved: Int
        public var declined: Int
    }

    /// Authorizations per minute since `sinceMs`, oldest first; minutes without any are absent.
    public func authorizationsPerMinute(sinceMs: Int64) async throws -> [MinuteActivity] {
        try await database.raw(
            """
            SELECT created_at_ms / 60000 AS minute,
                SUM(CASE WHEN status = 'Fail' THEN 0 ELSE 1 END) AS approved,
                SUM(CASE WHEN status = 'Fail' THEN 1 ELSE 0 END) AS declined
            FROM card_consumption
            WHERE created_at_ms >= \(bind: sinceMs) AND consume_type IN ('Consumption', 'Atm')
                AND network_transaction_id IS NOT NULL
            GROUP BY created_at_ms / 60000 ORDER BY minute
            """
        ).all().map { row in
            MinuteActivity(
                minuteMs: try row.decode(column: "minute", as: Int64.self) * 60_000,
                approved: try row.decode(column: "approved", as: Int.self),
                declined: try row.decode(column: "declined", as: Int.self)
            )
        }
    }

    /// Declined authorizations since `sinceMs` by reason, most frequent first.
    public func declineReasons(sinceMs: Int64) async throws -> [(reason: String, count: Int)] {
        try await database.raw(
            """
            SELECT COALESCE(decline_reason, 'unknown') AS reason, COUNT(*) AS declines
            FROM card_consumption
            WHERE created_at_ms >= \(bind: sinceMs) AND status = 'Fail' AND network_transaction_id IS NOT NULL
            GROUP BY COALESCE(decline_reason, 'unknown') ORDER BY declines DESC, reason
            """
        ).all().map { row in
            (try row.decode(column: "reason", as: String.self), try row.decode(column: "declines", as: Int.self))
        }
    }

    /// Callbacks delivered in one hour and how long after their event they reached the merchant.
    public struct HourLag: Sendable, Equatable {
        /// The hour's start, Unix milliseconds.
        public var hourMs: Int64
        public var delivered: Int
        public var averageLagMs: Int64
        public var maximumLagMs: Int64
    }

    /// Callback lag by the hour of delivery since `sinceMs`, oldest first.
    public func callbackLagPerHour(sinceMs: Int64) async throws -> [HourLag] {
        try await database.raw(
            """
            SELECT delivered_at_ms / 3600000 AS hour, COUNT(*) AS delivered,
                CAST(AVG(delivered_at_ms - created_at_ms) AS BIGINT) AS average_lag,
                MAX(delivered_at_ms - created_at_ms) AS maximum_lag
            FROM outbox_event
            WHERE delivered_at_ms >= \(bind: sinceMs)
            GROUP BY delivered_at_ms / 3600000 ORDER BY hour
            """
        ).all().map { row in
            HourLag(
                hourMs: try row.decode(column: "hour", as: Int64.self) * 3_600_000,
                delivered: try row.decode(column: "delivered", as: Int.self),
                averageLagMs: try row.decode(column: "average_lag", as: Int64.self),
                maximumLagMs: try row.decode(column: "maximum_lag", as: Int64.self)
            )
        }
    }

    /// Which payments a console list shows.
    public struct PaymentFilter: Sendable, Equatable {
        public var merchantNo: String?
        public var cardNo: String?
        public var status: RecordStatus?
        public var fromMs: Int64?
        public var toMs: Int64?

        public init(
            merchantNo: String? = nil,
            cardNo: String? = nil,
            status: RecordStatus? = nil,
            fromMs: Int64? = nil,
            toMs: Int64? = nil
        ) {
            self.merchantNo = merchantNo
            self.cardNo = cardNo
            self.status = status
            self.fromMs = fromMs
            self.toMs = toMs
        }
    }

    /// Up to `limit` payments matching `filter`, newest first, after `cursor`.
    public func payments(_ filter: PaymentFilter, after cursor: Cursor?, limit: Int) async throws -> [Consumption] {
        try await database.raw(Self.paymentsQuery(filter, after: cursor, limit: limit)).all()
            .map(ConsumptionRecords.record(from:))
    }

    static func paymentsQuery(_ filter: PaymentFilter, after cursor: Cursor?, limit: Int) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if let merchantNo = filter.merchantNo { conditions.append("merchant_no = \(bind: merchantNo)") }
        if let cardNo = filter.cardNo { conditions.append("card_no = \(bind: cardNo)") }
        if let status = filter.status { conditions.append("status = \(bind: status.rawValue)") }
        if let fromMs = filter.fromMs { conditions.append("created_at_ms >= \(bind: fromMs)") }
        if let toMs = filter.toMs { conditions.append("created_at_ms < \(bind: toMs)") }
        if let cursor {
            conditions.append(
                """
                (created_at_ms < \(bind: cursor.createdAtMs)
                    OR (created_at_ms = \(bind: cursor.createdAtMs) AND consume_no < \(bind: cursor.number)))
                """
            )
        }
        let filtered: SQLQueryString = conditions.isEmpty ? "" : "WHERE \(conditions.joined(separator: " AND "))"
        return """
            SELECT * FROM card_consumption \(filtered)
            ORDER BY created_at_ms DESC, consume_no DESC LIMIT \(literal: limit)
            """
    }

    /// The records that follow up `consumeNo` (clearings, reversals, refunds), oldest first.
    public func followUps(of consumeNo: String) async throws -> [Consumption] {
        try await database.raw(
            """
            SELECT * FROM card_consumption WHERE consume_relate_no = \(bind: consumeNo)
            ORDER BY created_at_ms, consume_no
            """
        ).all().map(ConsumptionRecords.record(from:))
    }
}

extension ConsoleReadRecords {
    /// The callbacks of one object (a payment: `consumption` and its `consume_no`), in version order.
    public func deliveries(aggregateType: String, aggregateNo: String) async throws -> [OutboxRecords.Delivery] {
        try await database.raw(
            """
            SELECT * FROM outbox_event
            WHERE aggregate_type = \(bind: aggregateType) AND aggregate_no = \(bind: aggregateNo)
            ORDER BY aggregate_version
            """
        ).all().map(OutboxRecords.delivery(from:))
    }
}
