public import CardplaneCore
public import SQLKit

/// Requests sent with an `Idempotency-Key` and the answers they gave (ADR 0017).
///
/// A request *claims* its key before it runs; the claim holds until `leaseUntilMs`, after which a
/// duplicate may take it over (its process died). A finished request leaves its answer for replay.
public struct IdempotencyRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// What a key holds when a request tries to claim it.
    public enum Claim: Sendable, Equatable {
        /// The key is this request's to run: it was free, forgotten, or its earlier run was abandoned.
        case claimed
        /// Another request with the same fingerprint holds the key and has not finished.
        case running
        /// A request with the same fingerprint finished with this answer.
        case finished(IdempotentAnswer)
        /// The key was used for a request with another fingerprint.
        case otherRequest
    }

    /// Claims the merchant's `key` for the request with `fingerprint`, as `claimID`, until `leaseUntilMs`.
    ///
    /// One statement inserts the claim, or takes over a row created before `forgottenBeforeMs` or an
    /// unfinished run with the same fingerprint whose lease ran out before `nowMs`. Otherwise the row
    /// as it stands says what the key holds.
    public func claim(
        merchantNo: String,
        key: IdempotencyKey,
        fingerprint: String,
        claimID: String,
        nowMs: Int64,
        leaseUntilMs: Int64,
        forgottenBeforeMs: Int64
    ) async throws -> Claim {
        let claimed = try await database.raw(
            """
            INSERT INTO idempotent_request
                (merchant_no, idempotency_key, fingerprint, claim_id, lease_until_ms, created_at_ms)
            VALUES (\(bind: merchantNo), \(bind: key.value), \(bind: fingerprint), \(bind: claimID),
                \(bind: leaseUntilMs), \(bind: nowMs))
            ON CONFLICT (merchant_no, idempotency_key) DO UPDATE SET
                fingerprint = excluded.fingerprint, claim_id = excluded.claim_id,
                lease_until_ms = excluded.lease_until_ms, created_at_ms = excluded.created_at_ms,
                code = NULL, status = NULL, content_type = NULL, body = NULL
            WHERE idempotent_request.created_at_ms < \(bind: forgottenBeforeMs)
               OR (idempotent_request.code IS NULL AND idempotent_request.lease_until_ms < \(bind: nowMs)
                   AND idempotent_request.fingerprint = excluded.fingerprint)
            RETURNING claim_id
            """
        ).first()
        if try claimed?.decode(column: "claim_id", as: String.self) == claimID { return .claimed }
        guard
            let row = try await database.raw(
                """
                SELECT fingerprint, code, status, content_type, body FROM idempotent_request
                WHERE merchant_no = \(bind: merchantNo) AND idempotency_key = \(bind: key.value)
                """
            ).first()
        else {
            // Forgotten between the two statements: the next attempt inserts it afresh.
            return .running
        }
        guard try row.decode(column: "fingerprint", as: String.self) == fingerprint else { return .otherRequest }
        guard let code = try row.decode(column: "code", as: Int64?.self) else { return .running }
        return .finished(
            IdempotentAnswer(
                code: Int(code),
                status: Int(try row.decode(column: "status", as: Int64.self)),
                contentType: try row.decode(column: "content_type", as: String.self),
                body: try row.decode(column: "body", as: String.self)
            )
        )
    }

    /// Records `answer` for the claim `claimID`; `false` when the claim was lost (taken over or forgotten).
    @discardableResult
    public func finish(
        merchantNo: String,
        key: IdempotencyKey,
        claimID: String,
        answer: IdempotentAnswer
    )
        async throws -> Bool
    {
        try await !database.raw(
            """
            UPDATE idempotent_request SET code = \(bind: Int64(answer.code)), status = \(bind: Int64(answer.status)),
                content_type = \(bind: answer.contentType), body = \(bind: answer.body)
            WHERE merchant_no = \(bind: merchantNo) AND idempotency_key = \(bind: key.value)
                AND claim_id = \(bind: claimID) AND code IS NULL
            RETURNING claim_id
            """
        ).all().isEmpty
    }

    /// Gives up the claim `claimID` without an answer, so the next request with the key runs.
    public func release(merchantNo: String, key: IdempotencyKey, claimID: String) async throws {
        try await database.raw(
            """
            DELETE FROM idempotent_request
            WHERE merchant_no = \(bind: merchantNo) AND idempotency_key = \(bind: key.value)
                AND claim_id = \(bind: claimID) AND code IS NULL
            """
        ).run()
    }

    /// Forgets every key created before `createdBeforeMs` whose lease has run out by then; returns how many.
    @discardableResult
    public func purge(createdBeforeMs: Int64) async throws -> Int {
        try await database.raw(
            """
            DELETE FROM idempotent_request
            WHERE created_at_ms < \(bind: createdBeforeMs) AND lease_until_ms < \(bind: createdBeforeMs)
            RETURNING merchant_no
            """
        ).all().count
    }
}
