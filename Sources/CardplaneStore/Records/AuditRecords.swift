public import CardplaneCore
public import SQLKit

/// The hash-chained audit log (migration 13, ADR 0020).
public struct AuditRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Appends `entries` after the chain's head, in order, and returns them as recorded. `seal`
    /// computes each record's hash. Call inside a transaction: the head stays locked (on
    /// PostgreSQL `FOR UPDATE`; SQLite has one writer) until it commits, so appends from every
    /// process form one chain.
    public func append(
        _ entries: [AuditEntry],
        seal: (AuditRecord) -> AuditRecord
    ) async throws -> [AuditRecord] {
        guard !entries.isEmpty else { return [] }
        let lock: SQLQueryString = database.dialect.name == "postgresql" ? " FOR UPDATE" : ""
        guard let head = try await database.raw("SELECT sequence, hash FROM audit_head WHERE id = 1\(lock)").first()
        else { throw StoreError.corruptRow(table: "audit_head") }
        var sequence = try head.decode(column: "sequence", as: Int64.self)
        var previousHash = try head.decode(column: "hash", as: String.self)
        var records: [AuditRecord] = []
        for entry in entries {
            sequence += 1
            let record = seal(AuditRecord(entry, sequence: sequence, previousHash: previousHash))
            records.append(record)
            previousHash = record.hash
        }
        let rows: [SQLQueryString] = records.map { record in
            """
            (\(bind: record.sequence), \(bind: record.occurredAtMs), \(bind: record.actorType), \(bind: record.actor),
                \(bind: record.merchantNo), \(bind: record.action), \(bind: record.object), \(bind: record.outcome),
                \(bind: record.previousHash), \(bind: record.hash))
            """
        }
        try await database.raw(
            """
            INSERT INTO audit_event (sequence, occurred_at_ms, actor_type, actor, merchant_no, action, object,
                outcome, previous_hash, hash)
            VALUES \(rows.joined(separator: ", "))
            """
        ).run()
        try await database.raw(
            "UPDATE audit_head SET sequence = \(bind: sequence), hash = \(bind: previousHash) WHERE id = 1"
        ).run()
        return records
    }

    /// The chain's last sequence and hash (0 and 64 zeros when empty).
    public func head() async throws -> (sequence: Int64, hash: String) {
        guard let row = try await database.raw("SELECT sequence, hash FROM audit_head WHERE id = 1").first() else {
            throw StoreError.corruptRow(table: "audit_head")
        }
        return (try row.decode(column: "sequence", as: Int64.self), try row.decode(column: "hash", as: String.self))
    }

    /// What to list.
    public struct Filter: Sendable, Equatable {
        public var merchantNo: String?
        public var actorType: String?
        /// Actions starting with this text (`merchant key`, `POST /open-api/v1/card`).
        public var actionPrefix: String?
        public var fromMs: Int64?
        public var toMs: Int64?

        public init(
            merchantNo: String? = nil,
            actorType: String? = nil,
            actionPrefix: String? = nil,
            fromMs: Int64? = nil,
            toMs: Int64? = nil
        ) {
            self.merchantNo = merchantNo
            self.actorType = actorType
            self.actionPrefix = actionPrefix
            self.fromMs = fromMs
            self.toMs = toMs
        }
    }

    /// The newest `limit` records matching `filter`, newest first.
    public func list(_ filter: Filter, limit: Int) async throws -> [AuditRecord] {
        var conditions: [SQLQueryString] = []
        if let merchantNo = filter.merchantNo { conditions.append("merchant_no = \(bind: merchantNo)") }
        if let actorType = filter.actorType { conditions.append("actor_type = \(bind: actorType)") }
        if let prefix = filter.actionPrefix {
            conditions.append("substr(action, 1, \(literal: prefix.count)) = \(bind: prefix)")
        }
        if let fromMs = filter.fromMs { conditions.append("occurred_at_ms >= \(bind: fromMs)") }
        if let toMs = filter.toMs { conditions.append("occurred_at_ms < \(bind: toMs)") }
        let condition: SQLQueryString = conditions.isEmpty ? "" : " WHERE \(conditions.joined(separator: " AND "))"
        return try await database.raw(
            "SELECT * FROM audit_event\(condition) ORDER BY sequence DESC LIMIT \(literal: limit)"
        ).all().map(Self.record(from:))
    }

    /// Up to `limit` records after `sequence`, in chain order: what verification walks.
    public func chain(after sequence: Int64, limit: Int) async throws -> [AuditRecord] {
        try await database.raw(
            "SELECT * FROM audit_event WHERE sequence > \(bind: sequence) ORDER BY sequence LIMIT \(literal: limit)"
        ).all().map(Self.record(from:))
    }

    static func record(from row: any SQLRow) throws -> AuditRecord {
        AuditRecord(
            sequence: try row.decode(column: "sequence", as: Int64.self),
            occurredAtMs: try row.decode(column: "occurred_at_ms", as: Int64.self),
            actorType: try row.decode(column: "actor_type", as: String.self),
            actor: try row.decode(column: "actor", as: String.self),
            merchantNo: try row.decode(column: "merchant_no", as: String?.self),
            action: try row.decode(column: "action", as: String.self),
            object: try row.decode(column: "object", as: String?.self),
            outcome: try row.decode(column: "outcome", as: String.self),
            previousHash: try row.decode(column: "previous_hash", as: String.self),
            hash: try row.decode(column: "hash", as: String.self)
        )
    }
}
