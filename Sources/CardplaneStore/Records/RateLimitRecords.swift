public import CardplaneCore
public import SQLKit

/// Token buckets for the per-Api-Key rate limit, kept in the database so every server process on
/// the same store draws from the same bucket.
public struct RateLimitRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Takes one token from the bucket `bucketKey` at `nowMs` under `policy`.
    ///
    /// One atomic upsert does the whole read-refill-take, so concurrent requests, in this process
    /// or another, serialize on the row: the bucket refills by `(now - refilled_at) * rate`, is
    /// capped at the burst, and gives a token when at least one whole token is there. A clock that
    /// runs behind the stored time refills nothing rather than going negative.
    public func take(bucketKey: String, policy: RateLimitPolicy, nowMs: Int64) async throws -> RateLimitDecision {
        let unit = RateLimitPolicy.tokenUnit
        let capacity = policy.capacityUnits
        let elapsed: SQLQueryString =
            "(CASE WHEN \(bind: nowMs) > rate_limit_bucket.refilled_at_ms THEN \(bind: nowMs) - rate_limit_bucket.refilled_at_ms ELSE 0 END)"
        let refilled: SQLQueryString =
            "(rate_limit_bucket.tokens_units + \(elapsed) * \(bind: policy.refillUnitsPerMs))"
        let available: SQLQueryString =
            "(CASE WHEN \(refilled) > \(bind: capacity) THEN \(bind: capacity) ELSE \(refilled) END)"
        let query: SQLQueryString = """
            INSERT INTO rate_limit_bucket (bucket_key, tokens_units, refilled_at_ms, last_granted)
            VALUES (\(bind: bucketKey), \(bind: capacity - unit), \(bind: nowMs), 1)
            ON CONFLICT (bucket_key) DO UPDATE SET
                tokens_units = CASE WHEN \(available) >= \(bind: unit) THEN \(available) - \(bind: unit)
                                    ELSE \(available) END,
                last_granted = CASE WHEN \(available) >= \(bind: unit) THEN 1 ELSE 0 END,
                refilled_at_ms = CASE WHEN \(bind: nowMs) > rate_limit_bucket.refilled_at_ms THEN \(bind: nowMs)
                                      ELSE rate_limit_bucket.refilled_at_ms END
            RETURNING tokens_units, last_granted
            """
        guard let row = try await database.raw(query).first() else {
            throw StoreError.corruptRow(table: "rate_limit_bucket")
        }
        let remainingUnits = try row.decode(column: "tokens_units", as: Int64.self)
        let granted = try row.decode(column: "last_granted", as: Int64.self) == 1
        return RateLimitDecision(
            allowed: granted,
            remaining: Int(remainingUnits / unit),
            retryAfterSeconds: granted ? nil : policy.retryAfterSeconds(remainingUnits: remainingUnits)
        )
    }
}
