import SQLKit

extension OutboxRecords {
    /// Where an event stands in its delivery to the merchant.
    public enum DeliveryStatus: String, Sendable, CaseIterable {
        /// Not acknowledged yet; retried at `nextAttemptAtMs`.
        case pending
        /// The merchant answered `{"code": 0}`.
        case delivered
        /// No callback exists for this kind of event (spec §8.6: cardholder changes have none).
        case skipped
        /// Every attempt of the retry schedule failed; sent again only by an operator's replay.
        case dead
    }

    /// An event with its delivery state.
    public struct Delivery: Sendable, Equatable {
        public var event: Event
        public var status: DeliveryStatus
        public var attempts: Int
        public var nextAttemptAtMs: Int64
        public var lastError: String?
        public var deliveredAtMs: Int64?
    }

    /// Merchants with events due by `nowMs`, none of `busy` (whose lane runs), at most `limit`:
    /// the merchant whose first due event has waited longest first. One index probe per merchant
    /// (`outbox_event_pending`), however many events wait.
    public func merchantsWithDueEvents(
        nowMs: Int64,
        limit: Int,
        excluding busy: Set<String> = []
    ) async throws
        -> [String]
    {
        var busyFilter: SQLQueryString = ""
        for merchantNo in busy.sorted() { busyFilter = "\(busyFilter) AND m.merchant_no <> \(bind: merchantNo)" }
        return try await database.raw(
            """
            SELECT merchant_no FROM (
              SELECT m.merchant_no, (
                SELECT MIN(e.next_attempt_at_ms) FROM outbox_event e
                WHERE e.merchant_no = m.merchant_no AND e.status = 'pending'
              ) AS first_attempt_at_ms
              FROM merchant m WHERE 1 = 1\(busyFilter)
            ) waiting
            WHERE first_attempt_at_ms <= \(bind: nowMs)
            ORDER BY first_attempt_at_ms, merchant_no LIMIT \(literal: limit)
            """
        ).all().map { try $0.decode(column: "merchant_no", as: String.self) }
    }

    /// `merchantNo`'s pending events due by `nowMs`, at most `limit`: never attempted first, in the
    /// order they were made, then retries by when they fell due. An event waits while an earlier
    /// version of the same object is still pending, so each object's events arrive in order. Reads
    /// the merchant's pending events in that order (`outbox_event_pending`) and stops at `limit`.
    public func due(merchantNo: String, nowMs: Int64, limit: Int) async throws -> [Delivery] {
        try await database.raw(Self.dueQuery(merchantNo: merchantNo, nowMs: nowMs, limit: limit)).all()
            .map(Self.delivery(from:))
    }

    /// The statement of ``due(merchantNo:nowMs:limit:)``.
    static func dueQuery(merchantNo: String, nowMs: Int64, limit: Int) -> SQLQueryString {
        """
        SELECT o.* FROM outbox_event o
        WHERE o.merchant_no = \(bind: merchantNo) AND o.status = 'pending'
          AND o.next_attempt_at_ms <= \(bind: nowMs)
          AND NOT EXISTS (
            SELECT 1 FROM outbox_event e
            WHERE e.aggregate_type = o.aggregate_type AND e.aggregate_no = o.aggregate_no
              AND e.status = 'pending' AND e.aggregate_version < o.aggregate_version)
        ORDER BY o.next_attempt_at_ms, o.created_at_ms, o.event_id LIMIT \(literal: limit)
        """
    }

    /// Takes the event for one attempt by moving its next attempt from `expected` to `leaseUntilMs`;
    /// `false` when another dispatcher took it first.
    public func claim(
        eventID: String,
        expectedNextAttemptAtMs expected: Int64,
        leaseUntilMs: Int64
    ) async throws -> Bool {
        try await !database.raw(
            """
            UPDATE outbox_event SET next_attempt_at_ms = \(bind: leaseUntilMs)
            WHERE event_id = \(bind: eventID) AND status = 'pending' AND next_attempt_at_ms = \(bind: expected)
            RETURNING event_id
            """
        ).all().isEmpty
    }

    /// Records one attempt and its outcome: delivered, pending again at `nextAttemptAtMs`, or dead.
    /// Two writes: run it in a transaction. An attempt row whose outcome never reached the event
    /// (left by 0.11 and earlier, which wrote them apart, when killed between them) is overwritten.
    public func finishAttempt(
        eventID: String,
        attempt: Int,
        status: DeliveryStatus,
        nextAttemptAtMs: Int64,
        httpStatus: Int?,
        outcome: String,
        startedAtMs: Int64,
        nowMs: Int64
    ) async throws {
        try await database.raw(
            """
            INSERT INTO callback_attempt (event_id, attempt, attempted_at_ms, http_status, outcome, duration_ms)
            VALUES (\(bind: eventID), \(bind: attempt), \(bind: startedAtMs), \(bind: httpStatus), \(bind: outcome),
                \(bind: max(0, nowMs - startedAtMs)))
            ON CONFLICT (event_id, attempt) DO UPDATE SET attempted_at_ms = excluded.attempted_at_ms,
                http_status = excluded.http_status, outcome = excluded.outcome, duration_ms = excluded.duration_ms
            """
        ).run()
        let deliveredAt: Int64? = status == .delivered ? nowMs : nil
        try await database.raw(
            """
            UPDATE outbox_event SET status = \(bind: status.rawValue), attempts = \(bind: attempt),
                next_attempt_at_ms = \(bind: nextAttemptAtMs),
                last_error = \(bind: status == .delivered ? nil : outcome),
                delivered_at_ms = COALESCE(\(bind: deliveredAt), delivered_at_ms)
            WHERE event_id = \(bind: eventID)
            """
        ).run()
    }

    /// Records, for each of `eventIDs` still pending and due by `nowMs`, an attempt that could not
    /// be sent (`outcome`, no HTTP status) and its next attempt at `nextAttemptAtMs`: a merchant
    /// without a callback URL parks its due events in two statements. Returns how many it recorded
    /// (another process may have taken some). Run it in a transaction.
    public func recordUnsent(
        eventIDs: [String],
        outcome: String,
        nextAttemptAtMs: Int64,
        nowMs: Int64
    ) async throws
        -> Int
    {
        guard !eventIDs.isEmpty else { return 0 }
        let ids = SQLList(eventIDs.map { SQLBind($0) })
        let parked = try await database.raw(
            """
            UPDATE outbox_event SET attempts = attempts + 1, next_attempt_at_ms = \(bind: nextAttemptAtMs),
                last_error = \(bind: outcome)
            WHERE event_id IN (\(ids)) AND status = 'pending' AND next_attempt_at_ms <= \(bind: nowMs)
            RETURNING event_id, attempts
            """
        ).all()
        guard !parked.isEmpty else { return 0 }
        let attempts: [SQLQueryString] = try parked.map { row in
            let eventID = try row.decode(column: "event_id", as: String.self)
            let attempt = try row.decode(column: "attempts", as: Int.self)
            return "(\(bind: eventID), \(bind: attempt), \(bind: nowMs), NULL, \(bind: outcome), 0)"
        }
        try await database.raw(
            """
            INSERT INTO callback_attempt (event_id, attempt, attempted_at_ms, http_status, outcome, duration_ms)
            VALUES \(attempts.joined(separator: ", "))
            ON CONFLICT (event_id, attempt) DO UPDATE SET attempted_at_ms = excluded.attempted_at_ms,
                http_status = excluded.http_status, outcome = excluded.outcome, duration_ms = excluded.duration_ms
            """
        ).run()
        return parked.count
    }

    /// Marks an event that has no callback as skipped, without an attempt.
    public func skip(eventID: String) async throws {
        try await database.raw("UPDATE outbox_event SET status = 'skipped' WHERE event_id = \(bind: eventID)").run()
    }

    /// Sends the event again from now, with the same id (operator replay), whether pending,
    /// delivered or dead. Returns whether it exists (and has a callback).
    public func replay(eventID: String, nowMs: Int64) async throws -> Bool {
        try await !database.raw(
            """
            UPDATE outbox_event SET status = 'pending', next_attempt_at_ms = \(bind: nowMs)
            WHERE event_id = \(bind: eventID) AND status <> 'skipped' RETURNING event_id
            """
        ).all().isEmpty
    }

    /// Makes the merchant's pending events due now (its callback URL changed).
    public func hurry(merchantNo: String, nowMs: Int64) async throws {
        try await database.raw(
            """
            UPDATE outbox_event SET next_attempt_at_ms = \(bind: nowMs)
            WHERE merchant_no = \(bind: merchantNo) AND status = 'pending'
            """
        ).run()
    }

    /// Events for the delivery log, newest first, optionally of one merchant and status.
    public func deliveries(merchantNo: String?, status: DeliveryStatus?, limit: Int) async throws -> [Delivery] {
        var filter: SQLQueryString = "WHERE aggregate_type <> 'cardholder'"
        if let merchantNo { filter = "\(filter) AND merchant_no = \(bind: merchantNo)" }
        if let status { filter = "\(filter) AND status = \(bind: status.rawValue)" }
        return try await database.raw(
            "SELECT * FROM outbox_event \(filter) ORDER BY created_at_ms DESC, event_id DESC LIMIT \(literal: limit)"
        ).all().map(Self.delivery(from:))
    }

    /// One event with its delivery state, or `nil`.
    public func delivery(eventID: String) async throws -> Delivery? {
        try await database.raw("SELECT * FROM outbox_event WHERE event_id = \(bind: eventID)").first()
            .map(Self.delivery(from:))
    }

    static func delivery(from row: any SQLRow) throws -> Delivery {
        guard let status = DeliveryStatus(rawValue: try row.decode(column: "status", as: String.self)) else {
            throw StoreError.corruptRow(table: "outbox_event")
        }
        return Delivery(
            event: try event(from: row),
            status: status,
            attempts: Int(try row.decode(column: "attempts", as: Int64.self)),
            nextAttemptAtMs: try row.decode(column: "next_attempt_at_ms", as: Int64.self),
            lastError: try row.decode(column: "last_error", as: String?.self),
            deliveredAtMs: try row.decode(column: "delivered_at_ms", as: Int64?.self)
        )
    }
}
