public import SQLKit

/// Domain events waiting for delivery to merchants, written in the transaction of the change.
public struct OutboxRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// A domain event as stored.
    public struct Event: Sendable, Equatable {
        public var eventID: String
        public var merchantNo: String
        /// The kind of object, e.g. `cardholder`.
        public var aggregateType: String
        /// The object's public number.
        public var aggregateNo: String
        /// The object's version after the change, so consumers can order and drop stale events.
        public var aggregateVersion: Int
        /// e.g. `cardholder.status_changed`.
        public var eventType: String
        /// The event's JSON.
        public var payload: String
        public var createdAtMs: Int64

        public init(
            eventID: String,
            merchantNo: String,
            aggregateType: String,
            aggregateNo: String,
            aggregateVersion: Int,
            eventType: String,
            payload: String,
            createdAtMs: Int64
        ) {
            self.eventID = eventID
            self.merchantNo = merchantNo
            self.aggregateType = aggregateType
            self.aggregateNo = aggregateNo
            self.aggregateVersion = aggregateVersion
            self.eventType = eventType
            self.payload = payload
            self.createdAtMs = createdAtMs
        }
    }

    public func append(_ event: Event) async throws {
        try await append([event])
    }

    /// Appends `events` in one statement.
    public func append(_ events: [Event]) async throws {
        guard !events.isEmpty else { return }
        let rows: [SQLQueryString] = events.map { event in
            """
            (\(bind: event.eventID), \(bind: event.merchantNo), \(bind: event.aggregateType),
                \(bind: event.aggregateNo), \(bind: event.aggregateVersion), \(bind: event.eventType),
                \(bind: event.payload), \(bind: event.createdAtMs))
            """
        }
        try await database.raw(
            """
            INSERT INTO outbox_event (event_id, merchant_no, aggregate_type, aggregate_no, aggregate_version,
                event_type, payload, created_at_ms)
            VALUES \(rows.joined(separator: ", "))
            """
        ).run()
    }

    /// The events of one object, in version order.
    public func events(aggregateType: String, aggregateNo: String) async throws -> [Event] {
        try await database.raw(
            """
            SELECT * FROM outbox_event WHERE aggregate_type = \(bind: aggregateType) AND aggregate_no = \(bind: aggregateNo)
            ORDER BY aggregate_version
            """
        ).all().map(Self.event(from:))
    }

    static func event(from row: any SQLRow) throws -> Event {
        Event(
            eventID: try row.decode(column: "event_id", as: String.self),
            merchantNo: try row.decode(column: "merchant_no", as: String.self),
            aggregateType: try row.decode(column: "aggregate_type", as: String.self),
            aggregateNo: try row.decode(column: "aggregate_no", as: String.self),
            aggregateVersion: Int(try row.decode(column: "aggregate_version", as: Int64.self)),
            eventType: try row.decode(column: "event_type", as: String.self),
            payload: try row.decode(column: "payload", as: String.self),
            createdAtMs: try row.decode(column: "created_at_ms", as: Int64.self)
        )
    }
}
