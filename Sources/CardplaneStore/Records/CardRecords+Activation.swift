public import CardplaneCore
import SQLKit

extension CardRecords {
    /// When the card's activation was locked, or `nil` while it is not.
    public func activationLockedAtMs(cardNo: String) async throws -> Int64? {
        try await database.raw("SELECT activation_locked_at_ms FROM card WHERE card_no = \(bind: cardNo)")
            .first()?.decode(column: "activation_locked_at_ms", as: Int64?.self)
    }

    /// Counts one wrong CVV; the `locksAt`-th locks activation and bumps the card's version (the
    /// merchant is told). Returns the card when this call locked it, else `nil`. One statement, so
    /// concurrent wrong guesses are each counted and exactly one of them locks.
    public func recordWrongCVV(cardNo: String, locksAt: Int, nowMs: Int64) async throws -> Card? {
        CachedRowWrites.noteWrite()
        let locking: SQLQueryString = "activation_failures + 1 = \(literal: locksAt)"
        let row = try await database.raw(
            """
            UPDATE card SET activation_failures = activation_failures + 1,
                activation_locked_at_ms = CASE WHEN \(locking) THEN \(bind: nowMs) ELSE activation_locked_at_ms END,
                version = CASE WHEN \(locking) THEN version + 1 ELSE version END,
                updated_at_ms = CASE WHEN \(locking) THEN \(bind: nowMs) ELSE updated_at_ms END
            WHERE card_no = \(bind: cardNo)
            RETURNING *
            """
        ).first()
        guard let row, try row.decode(column: "activation_failures", as: Int.self) == locksAt else { return nil }
        return try Self.card(from: row)
    }

    /// Clears the wrong-CVV count and the lock (an operator's decision). Whether the card exists.
    public func unlockActivation(cardNo: String) async throws -> Bool {
        CachedRowWrites.noteWrite()
        return try await !database.raw(
            """
            UPDATE card SET activation_failures = 0, activation_locked_at_ms = NULL
            WHERE card_no = \(bind: cardNo) RETURNING card_no
            """
        ).all().isEmpty
    }
}
