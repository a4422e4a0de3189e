import CardplaneCore
public import SQLKit

/// Which BINs and packages a merchant may issue on, and how many cards.
public struct CatalogAssignmentRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// A merchant's right to issue on a BIN or package.
    public struct Assignment: Sendable, Equatable {
        public enum ProductKind: String, Sendable {
            case bin
            case package
        }

        public var merchantNo: String
        /// A `card_bin_no` or `package_no`.
        public var productNo: String
        public var productKind: ProductKind
        /// Most cards the merchant may issue on the product: every card counts, deleted ones too;
        /// failed applications give their unit back.
        public var issuanceLimit: Int64
        public var issuedCount: Int64
        /// The issuance fee of a BIN card, charged to the merchant's reserve (authorization mode;
        /// a package's fee is in its fee schedule). TUSDT minor units.
        public var openCostMinor: Int64

        public init(
            merchantNo: String,
            productNo: String,
            productKind: ProductKind,
            issuanceLimit: Int64,
            issuedCount: Int64 = 0,
            openCostMinor: Int64 = 0
        ) {
            self.merchantNo = merchantNo
            self.productNo = productNo
            self.productKind = productKind
            self.issuanceLimit = issuanceLimit
            self.issuedCount = issuedCount
            self.openCostMinor = openCostMinor
        }
    }

    /// Assigns a product to a merchant, or changes the limit and fee of an existing assignment.
    /// The table's CHECK refuses a limit below the cards already issued; callers check first.
    public func assign(_ assignment: Assignment, nowMs: Int64) async throws {
        try await database.raw(
            """
            INSERT INTO catalog_assignment (merchant_no, product_no, product_kind, issuance_limit, issued_count,
                open_cost_minor, created_at_ms, updated_at_ms)
            VALUES (\(bind: assignment.merchantNo), \(bind: assignment.productNo),
                \(bind: assignment.productKind.rawValue), \(bind: assignment.issuanceLimit), 0,
                \(bind: assignment.openCostMinor), \(bind: nowMs), \(bind: nowMs))
            ON CONFLICT (merchant_no, product_no) DO UPDATE SET
                issuance_limit = excluded.issuance_limit, open_cost_minor = excluded.open_cost_minor,
                updated_at_ms = excluded.updated_at_ms
            """
        ).run()
    }

    /// The merchant's assignment of `productNo`, or `nil`.
    public func assignment(merchantNo: String, productNo: String) async throws -> Assignment? {
        try await database.raw(
            """
            SELECT * FROM catalog_assignment WHERE merchant_no = \(bind: merchantNo) AND product_no = \(bind: productNo)
            """
        ).first().map(Self.assignment(from:))
    }

    /// The merchant's assignments, oldest first.
    public func assignments(merchantNo: String) async throws -> [Assignment] {
        try await database.raw(
            "SELECT * FROM catalog_assignment WHERE merchant_no = \(bind: merchantNo) ORDER BY created_at_ms, product_no"
        ).all().map(Self.assignment(from:))
    }

    /// Counts one more card against the limit. Returns `false`, changing nothing, when the limit is
    /// reached (4006). One conditional UPDATE: concurrent applies cannot both take the last card.
    public func reserveIssuance(merchantNo: String, productNo: String, nowMs: Int64) async throws -> Bool {
        try await !database.raw(
            """
            UPDATE catalog_assignment SET issued_count = issued_count + 1, updated_at_ms = \(bind: nowMs)
            WHERE merchant_no = \(bind: merchantNo) AND product_no = \(bind: productNo)
              AND issued_count < issuance_limit
            RETURNING issued_count
            """
        ).all().isEmpty
    }

    /// Gives back a card counted by ``reserveIssuance(merchantNo:productNo:nowMs:)`` (its application failed).
    public func releaseIssuance(merchantNo: String, productNo: String, nowMs: Int64) async throws {
        try await database.raw(
            """
            UPDATE catalog_assignment SET issued_count = issued_count - 1, updated_at_ms = \(bind: nowMs)
            WHERE merchant_no = \(bind: merchantNo) AND product_no = \(bind: productNo) AND issued_count > 0
            """
        ).run()
    }

    static func assignment(from row: any SQLRow) throws -> Assignment {
        guard let kind = Assignment.ProductKind(rawValue: try row.decode(column: "product_kind", as: String.self))
        else { throw StoreError.corruptRow(table: "catalog_assignment") }
        return Assignment(
            merchantNo: try row.decode(column: "merchant_no", as: String.self),
            productNo: try row.decode(column: "product_no", as: String.self),
            productKind: kind,
            issuanceLimit: try row.decode(column: "issuance_limit", as: Int64.self),
            issuedCount: try row.decode(column: "issued_count", as: Int64.self),
            openCostMinor: try row.decode(column: "open_cost_minor", as: Int64.self)
        )
    }
}
