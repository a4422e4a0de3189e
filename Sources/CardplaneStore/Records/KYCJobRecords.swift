public import SQLKit

/// Undecided KYC verifications, one row per cardholder, claimed by workers with a lease.
///
/// A worker claims a due row by moving its `due_at_ms` into the future only if it still holds the
/// value the worker read (compare-and-set), so two workers, in one process or two, never both
/// process it; a worker that dies leaves the row to be claimed again when its lease runs out.
public struct KYCJobRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    public struct Job: Sendable, Equatable {
        public var cardholderNo: String
        public var applicantID: String
        public var dueAtMs: Int64
        public var attempts: Int
    }

    /// Schedules (or reschedules, resetting attempts) the verification of `cardholderNo`.
    public func schedule(cardholderNo: String, applicantID: String, dueAtMs: Int64, nowMs: Int64) async throws {
        try await database.raw(
            """
            INSERT INTO kyc_verification_job (cardholder_no, applicant_id, due_at_ms, attempts, created_at_ms)
            VALUES (\(bind: cardholderNo), \(bind: applicantID), \(bind: dueAtMs), 0, \(bind: nowMs))
            ON CONFLICT (cardholder_no) DO UPDATE SET applicant_id = excluded.applicant_id,
                due_at_ms = excluded.due_at_ms, attempts = 0
            """
        ).run()
    }

    /// Up to `limit` jobs due at `nowMs`, earliest first.
    public func due(nowMs: Int64, limit: Int) async throws -> [Job] {
        try await database.raw(
            """
            SELECT * FROM kyc_verification_job WHERE due_at_ms <= \(bind: nowMs)
            ORDER BY due_at_ms, cardholder_no LIMIT \(literal: limit)
            """
        ).all().map { row in
            Job(
                cardholderNo: try row.decode(column: "cardholder_no", as: String.self),
                applicantID: try row.decode(column: "applicant_id", as: String.self),
                dueAtMs: try row.decode(column: "due_at_ms", as: Int64.self),
                attempts: Int(try row.decode(column: "attempts", as: Int64.self))
            )
        }
    }

    /// Moves the job's due time from `fromDueAtMs` to `toDueAtMs` (a claim counts an attempt, a
    /// reschedule does not); returns false when another worker moved it first.
    public func move(
        cardholderNo: String,
        fromDueAtMs: Int64,
        toDueAtMs: Int64,
        countsAttempt: Bool
    ) async throws -> Bool {
        let increment = countsAttempt ? 1 : 0
        let rows = try await database.raw(
            """
            UPDATE kyc_verification_job SET due_at_ms = \(bind: toDueAtMs), attempts = attempts + \(bind: increment)
            WHERE cardholder_no = \(bind: cardholderNo) AND due_at_ms = \(bind: fromDueAtMs)
            RETURNING cardholder_no
            """
        ).all()
        return !rows.isEmpty
    }

    /// Deletes the job if it still has the lease `dueAtMs`; returns whether it did.
    public func finish(cardholderNo: String, dueAtMs: Int64) async throws -> Bool {
        let rows = try await database.raw(
            """
            DELETE FROM kyc_verification_job WHERE cardholder_no = \(bind: cardholderNo) AND due_at_ms = \(bind: dueAtMs)
            RETURNING cardholder_no
            """
        ).all()
        return !rows.isEmpty
    }
}
