extension Migrations {
    /// Callback lanes read their merchant's due events without scanning the backlog.
    ///
    /// 1. `outbox_event_pending`: each merchant's pending events in the order a lane sends them
    ///    (never attempted first, by creation; then retries by when they fall due). A scan finds the
    ///    merchants with due events by one probe each, a lane its next events by reading the first
    ///    of them; before, both ranked every due event of every merchant, so a backlog of events
    ///    (a merchant without a callback URL, an endpoint down) made every scan slower.
    static let outboxLanes = Migration(
        version: 15,
        name: "outbox_lanes",
        statements: [
            """
            CREATE INDEX outbox_event_pending
            ON outbox_event (merchant_no, next_attempt_at_ms, created_at_ms, event_id) WHERE status = 'pending'
            """
        ]
    )
}
