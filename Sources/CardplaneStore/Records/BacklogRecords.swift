public import CardplaneTelemetry
public import SQLKit

/// What waits in the queues the workers drain, in one statement of indexed counts (for metrics).
public struct BacklogRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// The queues as of `nowMs`.
    public func backlog(nowMs: Int64) async throws -> Backlog {
        let row = try await database.raw(
            """
            SELECT
              (SELECT COUNT(*) FROM outbox_event WHERE status = 'pending') AS callbacks_pending,
              (SELECT MIN(created_at_ms) FROM outbox_event WHERE status = 'pending') AS oldest_callback_ms,
              (SELECT COUNT(*) FROM outbox_event WHERE status = 'dead') AS callbacks_dead,
              (SELECT COUNT(*) FROM kyc_verification_job) AS kyc_pending,
              (SELECT COUNT(*) FROM card WHERE status = 'Pending' AND produced_at_ms IS NOT NULL)
                AS cards_in_production,
              (SELECT COUNT(*) FROM ledger_hold WHERE state = 'pending') AS open_holds
            """
        ).first()
        guard let row else { throw StoreError.corruptRow(table: "outbox_event") }
        let oldestMs = try row.decode(column: "oldest_callback_ms", as: Int64?.self)
        return Backlog(
            callbacksPending: try row.decode(column: "callbacks_pending", as: Int.self),
            oldestCallbackAgeSeconds: oldestMs.map { Double(max(0, nowMs - $0)) / 1_000 } ?? 0,
            callbacksDead: try row.decode(column: "callbacks_dead", as: Int.self),
            kycPending: try row.decode(column: "kyc_pending", as: Int.self),
            cardsInProduction: try row.decode(column: "cards_in_production", as: Int.self),
            openHolds: try row.decode(column: "open_holds", as: Int.self)
        )
    }
}
