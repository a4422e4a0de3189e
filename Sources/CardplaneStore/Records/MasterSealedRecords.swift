public import SQLKit

/// Every value sealed by the master key ring, wherever it is stored: what a master-key rotation
/// re-seals and then proves opens under the new key. Card data is sealed by data keys, which are
/// themselves stored here wrapped by the master key.
public struct MasterSealedRecords: Sendable {
    /// A column holding master-sealed values, and the column naming its row.
    public enum Kind: String, Sendable, CaseIterable {
        /// `api_key.sealed_secret`, by `api_key_id`.
        case apiSecret = "API secrets"
        /// `cardholder.sealed_applicant` (KYC personal data), by `cardholder_no`.
        case cardholderApplicant = "cardholder records"
        /// `vault_key.wrapped_key` (card data and lookup keys), by `key_id`.
        case vaultKey = "card vault keys"

        var table: String {
            switch self {
            case .apiSecret: "api_key"
            case .cardholderApplicant: "cardholder"
            case .vaultKey: "vault_key"
            }
        }

        var idColumn: String {
            switch self {
            case .apiSecret: "api_key_id"
            case .cardholderApplicant: "cardholder_no"
            case .vaultKey: "key_id"
            }
        }

        var sealedColumn: String {
            switch self {
            case .apiSecret: "sealed_secret"
            case .cardholderApplicant: "sealed_applicant"
            case .vaultKey: "wrapped_key"
            }
        }
    }

    /// One sealed value: the row's id and the value.
    public struct Value: Sendable, Equatable {
        public let id: String
        public let sealed: String
    }

    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Up to `limit` values of `kind` after `afterID` in id order, only those not starting with
    /// `exceptPrefix` when one is given (the values already sealed by the new key).
    public func page(
        _ kind: Kind,
        after afterID: String?,
        exceptPrefix: String? = nil,
        limit: Int
    ) async throws -> [Value] {
        let id = SQLIdentifier(kind.idColumn)
        let sealed = SQLIdentifier(kind.sealedColumn)
        let afterClause: SQLQueryString = afterID.map { "AND \(id) > \(bind: $0)" } ?? ""
        // substr with a literal length works on both engines, and key ids may hold LIKE wildcards.
        let prefixClause: SQLQueryString =
            exceptPrefix.map { "AND substr(\(sealed), 1, \(literal: $0.count)) <> \(bind: $0)" } ?? ""
        let query: SQLQueryString = """
            SELECT \(id) AS id, \(sealed) AS sealed FROM \(SQLIdentifier(kind.table))
            WHERE \(sealed) IS NOT NULL \(afterClause) \(prefixClause)
            ORDER BY \(id) LIMIT \(literal: limit)
            """
        return try await database.raw(query).all().map {
            Value(
                id: try $0.decode(column: "id", as: String.self),
                sealed: try $0.decode(column: "sealed", as: String.self)
            )
        }
    }

    /// Replaces `value` by `resealed` unless the row changed meanwhile; returns whether it did.
    public func replace(_ kind: Kind, _ value: Value, with resealed: String) async throws -> Bool {
        if kind == .apiSecret { CachedRowWrites.noteWrite() }
        let id = SQLIdentifier(kind.idColumn)
        let sealed = SQLIdentifier(kind.sealedColumn)
        let rows = try await database.raw(
            """
            UPDATE \(SQLIdentifier(kind.table)) SET \(sealed) = \(bind: resealed)
            WHERE \(id) = \(bind: value.id) AND \(sealed) = \(bind: value.sealed)
            RETURNING \(id)
            """
        ).all()
        return !rows.isEmpty
    }
}
