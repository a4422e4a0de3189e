public import SQLKit

/// The card vault's rows: sealed PAN, CVV, expiry and PIN block, and the PAN's keyed digest.
public struct CardSecretRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// A card's sealed values as stored. `nil` fields were never set or were erased.
    public struct Sealed: Sendable, Equatable {
        public var pan: String?
        public var cvv: String?
        public var expiry: String?
        public var pinBlock: String?
    }

    /// Stores a new card's secrets. Returns `false`, storing nothing, when another card already has
    /// a PAN with this digest: the caller draws another number.
    public func insert(
        cardNo: String,
        panDigest: String,
        sealedPAN: String,
        sealedCVV: String,
        sealedExpiry: String,
        nowMs: Int64
    ) async throws -> Bool {
        let rows = try await database.raw(
            """
            INSERT INTO card_secret (card_no, pan_digest, sealed_pan, sealed_cvv, sealed_expiry, updated_at_ms)
            VALUES (\(bind: cardNo), \(bind: panDigest), \(bind: sealedPAN), \(bind: sealedCVV), \(bind: sealedExpiry),
                \(bind: nowMs))
            ON CONFLICT (pan_digest) DO NOTHING
            RETURNING card_no
            """
        ).all()
        return !rows.isEmpty
    }

    /// The card whose PAN has `panDigest`, or `nil`.
    public func cardNo(panDigest: String) async throws -> String? {
        try await database.raw("SELECT card_no FROM card_secret WHERE pan_digest = \(bind: panDigest)").first()
            .map { try $0.decode(column: "card_no", as: String.self) }
    }

    /// Whether a PAN with this digest exists.
    public func exists(panDigest: String) async throws -> Bool {
        try await cardNo(panDigest: panDigest) != nil
    }

    /// The card's sealed values, or `nil` when the vault has no row for it.
    public func sealed(cardNo: String) async throws -> Sealed? {
        guard let row = try await database.raw("SELECT * FROM card_secret WHERE card_no = \(bind: cardNo)").first()
        else { return nil }
        return Sealed(
            pan: try row.decode(column: "sealed_pan", as: String?.self),
            cvv: try row.decode(column: "sealed_cvv", as: String?.self),
            expiry: try row.decode(column: "sealed_expiry", as: String?.self),
            pinBlock: try row.decode(column: "sealed_pin_block", as: String?.self)
        )
    }

    /// Replaces the card's sealed PIN block.
    public func setPINBlock(cardNo: String, sealed: String, nowMs: Int64) async throws {
        try await database.raw(
            """
            UPDATE card_secret SET sealed_pin_block = \(bind: sealed), updated_at_ms = \(bind: nowMs)
            WHERE card_no = \(bind: cardNo)
            """
        ).run()
    }

    /// Erases a failed card's sealed values. The digest stays, so its number is never issued again.
    public func erase(cardNo: String, nowMs: Int64) async throws {
        try await database.raw(
            """
            UPDATE card_secret SET sealed_pan = NULL, sealed_cvv = NULL, sealed_expiry = NULL,
                sealed_pin_block = NULL, updated_at_ms = \(bind: nowMs)
            WHERE card_no = \(bind: cardNo)
            """
        ).run()
    }
}

/// The vault's data and lookup keys, wrapped by the master key.
public struct VaultKeyRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// What a vault key is for.
    public enum Purpose: String, Sendable {
        case data
        case lookup
    }

    /// A stored vault key.
    public struct StoredKey: Sendable, Equatable {
        public var keyID: String
        public var purpose: Purpose
        public var wrappedKey: String
        public var createdAtMs: Int64
    }

    /// Stores a key unless one with its id exists (two first starts race: one key wins).
    public func insertIfAbsent(keyID: String, purpose: Purpose, wrappedKey: String, nowMs: Int64) async throws {
        try await database.raw(
            """
            INSERT INTO vault_key (key_id, purpose, wrapped_key, created_at_ms)
            VALUES (\(bind: keyID), \(bind: purpose.rawValue), \(bind: wrappedKey), \(bind: nowMs))
            ON CONFLICT (key_id) DO NOTHING
            """
        ).run()
    }

    /// Every key, oldest first.
    public func all() async throws -> [StoredKey] {
        try await database.raw("SELECT * FROM vault_key ORDER BY created_at_ms, key_id").all().map { row in
            guard let purpose = Purpose(rawValue: try row.decode(column: "purpose", as: String.self)) else {
                throw StoreError.corruptRow(table: "vault_key")
            }
            return StoredKey(
                keyID: try row.decode(column: "key_id", as: String.self),
                purpose: purpose,
                wrappedKey: try row.decode(column: "wrapped_key", as: String.self),
                createdAtMs: try row.decode(column: "created_at_ms", as: Int64.self)
            )
        }
    }
}
