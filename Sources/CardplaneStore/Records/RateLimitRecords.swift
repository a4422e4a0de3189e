public import CardplaneCore
public import SQLKit

/// Token buckets for the per-Api-Key rate limit, kept in the database so every server process on
/// the same store draws from the same bucket. Processes take tokens in leases of several at a time
/// and spend them from memory (ADR 0011); this is the one statement that touches a bucket.
public struct RateLimitRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// What one lease statement did: how many tokens it granted, and what it left in the bucket.
    public struct Lease: Sendable, Equatable {
        /// Whole tokens granted, `0...wanted`.
        public var granted: Int
        /// What the bucket holds after the grant, in thousandths of a token.
        public var remainingUnits: Int64

        public init(granted: Int, remainingUnits: Int64) {
            self.granted = granted
            self.remainingUnits = remainingUnits
        }

        /// Whole tokens left in the bucket.
        public var remaining: Int { Int(remainingUnits / RateLimitPolicy.tokenUnit) }
    }

    /// Puts back `returned` unspent tokens of an earlier lease, then takes up to `wanted` whole tokens
    /// from the bucket `bucketKey` at `nowMs` under `policy`.
    ///
    /// One atomic upsert does the whole read-refill-return-take, so concurrent leases, in this
    /// process or another, serialize on the row: the bucket refills by `(now - refilled_at) * rate`,
    /// is capped at the burst, and grants as many whole tokens as it holds, up to `wanted`. A clock
    /// that runs behind the stored time refills nothing rather than going negative.
    public func lease(
        bucketKey: String,
        wanted: Int,
        returned: Int = 0,
        policy: RateLimitPolicy,
        nowMs: Int64
    ) async throws -> Lease {
        precondition(wanted >= 1 && returned >= 0, "a lease wants at least one token")
        let unit = RateLimitPolicy.tokenUnit
        let capacity = policy.capacityUnits
        let wantedUnits = Int64(min(wanted, policy.burst)) * unit
        let elapsed: SQLQueryString =
            "(CASE WHEN \(bind: nowMs) > rate_limit_bucket.refilled_at_ms THEN \(bind: nowMs) - rate_limit_bucket.refilled_at_ms ELSE 0 END)"
        let refilled: SQLQueryString =
            "(rate_limit_bucket.tokens_units + \(bind: Int64(returned) * unit) + \(elapsed) * \(bind: policy.refillUnitsPerMs))"
        let available: SQLQueryString =
            "(CASE WHEN \(refilled) > \(bind: capacity) THEN \(bind: capacity) ELSE \(refilled) END)"
        let grantedUnits: SQLQueryString =
            "(CASE WHEN \(available) >= \(bind: wantedUnits) THEN \(bind: wantedUnits) ELSE (\(available) / \(bind: unit)) * \(bind: unit) END)"
        let query: SQLQueryString = """
            INSERT INTO rate_limit_bucket (bucket_key, tokens_units, refilled_at_ms, last_granted, last_granted_tokens)
            VALUES (\(bind: bucketKey), \(bind: capacity - wantedUnits), \(bind: nowMs), 1, \(bind: wantedUnits / unit))
            ON CONFLICT (bucket_key) DO UPDATE SET
                tokens_units = \(available) - \(grantedUnits),
                last_granted = CASE WHEN \(grantedUnits) > 0 THEN 1 ELSE 0 END,
                last_granted_tokens = \(grantedUnits) / \(bind: unit),
                refilled_at_ms = CASE WHEN \(bind: nowMs) > rate_limit_bucket.refilled_at_ms THEN \(bind: nowMs)
                                      ELSE rate_limit_bucket.refilled_at_ms END
            RETURNING tokens_units, last_granted_tokens
            """
        guard let row = try await database.raw(query).first() else {
            throw StoreError.corruptRow(table: "rate_limit_bucket")
        }
        return Lease(
            granted: Int(try row.decode(column: "last_granted_tokens", as: Int64.self)),
            remainingUnits: try row.decode(column: "tokens_units", as: Int64.self)
        )
    }
}
