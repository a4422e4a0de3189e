public import CardplaneCore
public import SQLKit

/// Cardholders: the queryable fields in clear, KYC personal data sealed.
public struct CardholderRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Inserts a new cardholder. Fails when its number, or the merchant's unique number, is taken.
    public func insert(_ cardholder: Cardholder, sealedApplicant: String) async throws {
        try await database.raw(
            """
            INSERT INTO cardholder (cardholder_no, merchant_no, cardholder_unique_no, email, status, fail_reason,
                sealed_applicant, version, created_at_ms, updated_at_ms)
            VALUES (\(bind: cardholder.cardholderNo), \(bind: cardholder.merchantNo),
                \(bind: cardholder.cardholderUniqueNo), \(bind: cardholder.email),
                \(bind: cardholder.verification.status.rawValue), \(bind: cardholder.verification.failReason),
                \(bind: sealedApplicant), \(bind: cardholder.version), \(bind: cardholder.createdAtMs),
                \(bind: cardholder.updatedAtMs))
            """
        ).run()
    }

    /// Writes `cardholder`'s status, email and version if the stored version is still `expectedVersion`;
    /// returns whether it did (optimistic concurrency: a concurrent change makes this a no-op).
    public func update(_ cardholder: Cardholder, expectedVersion: Int, sealedApplicant: String?) async throws -> Bool {
        let applicant: SQLQueryString = sealedApplicant.map { ", sealed_applicant = \(bind: $0)" } ?? ""
        let rows = try await database.raw(
            """
            UPDATE cardholder SET status = \(bind: cardholder.verification.status.rawValue),
                fail_reason = \(bind: cardholder.verification.failReason), email = \(bind: cardholder.email),
                version = \(bind: cardholder.version), updated_at_ms = \(bind: cardholder.updatedAtMs) \(applicant)
            WHERE cardholder_no = \(bind: cardholder.cardholderNo) AND version = \(bind: expectedVersion)
            RETURNING cardholder_no
            """
        ).all()
        return !rows.isEmpty
    }

    /// The merchant's cardholder numbered `cardholderNo`; another merchant's cardholder is `nil`.
    public func cardholder(no cardholderNo: String, merchantNo: String) async throws -> Cardholder? {
        try await database.raw(
            "SELECT * FROM cardholder WHERE cardholder_no = \(bind: cardholderNo) AND merchant_no = \(bind: merchantNo)"
        ).first().map(Self.cardholder(from:))
    }

    /// The cardholders numbered `cardholderNos`, by number, whichever merchants they belong to.
    public func cardholders(_ cardholderNos: Set<String>) async throws -> [String: Cardholder] {
        guard !cardholderNos.isEmpty else { return [:] }
        let numbers: [SQLQueryString] = cardholderNos.sorted().map { "\(bind: $0)" }
        let rows = try await database.raw(
            "SELECT * FROM cardholder WHERE cardholder_no IN (\(numbers.joined(separator: ", ")))"
        ).all()
        var cardholders: [String: Cardholder] = [:]
        for row in rows {
            let cardholder = try Self.cardholder(from: row)
            cardholders[cardholder.cardholderNo] = cardholder
        }
        return cardholders
    }

    /// The cardholder numbered `cardholderNo`, whichever merchant it belongs to (background work).
    public func cardholder(no cardholderNo: String) async throws -> Cardholder? {
        try await database.raw("SELECT * FROM cardholder WHERE cardholder_no = \(bind: cardholderNo)")
            .first().map(Self.cardholder(from:))
    }

    /// The merchant's cardholder whose unique number is `uniqueNo`.
    public func cardholder(merchantNo: String, uniqueNo: String) async throws -> Cardholder? {
        try await database.raw(
            """
            SELECT * FROM cardholder WHERE merchant_no = \(bind: merchantNo) AND cardholder_unique_no = \(bind: uniqueNo)
            """
        ).first().map(Self.cardholder(from:))
    }

    /// The sealed KYC data of a cardholder.
    public func sealedApplicant(no cardholderNo: String) async throws -> String? {
        try await database.raw("SELECT sealed_applicant FROM cardholder WHERE cardholder_no = \(bind: cardholderNo)")
            .first()?.decode(column: "sealed_applicant", as: String?.self)
    }

    /// The merchant's cardholders created within `range`, newest first, optionally filtered.
    public func list(
        merchantNo: String,
        cardholderNo: String?,
        uniqueNo: String?,
        range: TimeRange,
        page: PageRequest,
        countedUntil: Int64?
    ) async throws -> Page<Cardholder> {
        var filter: SQLQueryString = """
            WHERE merchant_no = \(bind: merchantNo)
            """
        if let cardholderNo { filter = "\(filter) AND cardholder_no = \(bind: cardholderNo)" }
        if let uniqueNo { filter = "\(filter) AND cardholder_unique_no = \(bind: uniqueNo)" }
        return try await database.page(
            select: "*",
            source: "FROM cardholder \(filter)",
            time: "created_at_ms",
            id: "cardholder_no",
            range: range,
            page: page,
            total: database.listTotal(
                .cardholders,
                merchantNo: merchantNo,
                range: range,
                filtered: cardholderNo != nil || uniqueNo != nil,
                countedUntil: countedUntil
            ),
            row: Self.cardholder(from:)
        )
    }

    static func cardholder(from row: any SQLRow) throws -> Cardholder {
        guard let status = KYCStatus(rawValue: try row.decode(column: "status", as: String.self)) else {
            throw StoreError.corruptRow(table: "cardholder")
        }
        return Cardholder(
            cardholderNo: try row.decode(column: "cardholder_no", as: String.self),
            merchantNo: try row.decode(column: "merchant_no", as: String.self),
            cardholderUniqueNo: try row.decode(column: "cardholder_unique_no", as: String.self),
            email: try row.decode(column: "email", as: String?.self),
            verification: KYCVerification(
                status: status,
                failReason: try row.decode(column: "fail_reason", as: String?.self)
            ),
            version: Int(try row.decode(column: "version", as: Int64.self)),
            createdAtMs: try row.decode(column: "created_at_ms", as: Int64.self),
            updatedAtMs: try row.decode(column: "updated_at_ms", as: Int64.self)
        )
    }
}
