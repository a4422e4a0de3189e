public import CardplaneCore
import Foundation
public import SQLKit

/// Card BINs and packages.
public struct CatalogRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Inserts a BIN. Fails when its number or digits are taken.
    public func insert(_ bin: CardBIN) async throws {
        CachedRowWrites.noteWrite()
        let limit = bin.balanceLimit
        try await database.raw(
            """
            INSERT INTO card_bin (card_bin_no, bin, organization, supports_virtual, supports_physical, currencies,
                limit_balance_minor, limit_week_balance_minor, limit_atm_day_balance_minor,
                limit_atm_month_balance_minor, countries, status, created_at_ms)
            VALUES (\(bind: bin.cardBinNo), \(bind: bin.bin), \(bind: bin.organization.rawValue),
                \(bind: bin.supportsVirtual ? 1 : 0), \(bind: bin.supportsPhysical ? 1 : 0),
                \(bind: bin.currencies.joined(separator: ",")), \(bind: limit.limitBalance.minorUnits),
                \(bind: limit.limitWeekBalance.minorUnits), \(bind: limit.limitAtmDayBalance.minorUnits),
                \(bind: limit.limitAtmMonthBalance.minorUnits), \(bind: bin.countries.joined(separator: ",")),
                \(bind: bin.status.rawValue), \(bind: bin.createdAtMs))
            """
        ).run()
    }

    /// Inserts a package on an existing BIN.
    public func insert(_ package: CardPackage) async throws {
        CachedRowWrites.noteWrite()
        let limit = package.consumptionLimit
        try await database.raw(
            """
            INSERT INTO card_package (package_no, card_bin_no, card_type, name_en, name_cn, description_en,
                description_cn, tags_en, tags_cn, limit_balance_minor, limit_week_balance_minor,
                limit_atm_day_balance_minor, limit_atm_month_balance_minor, fee_schedule, activation, status,
                created_at_ms)
            VALUES (\(bind: package.packageNo), \(bind: package.cardBinNo), \(bind: package.type.rawValue),
                \(bind: package.nameEn), \(bind: package.nameCn), \(bind: package.descriptionEn),
                \(bind: package.descriptionCn), \(bind: try JSONText.encode(package.tagsEn)),
                \(bind: try JSONText.encode(package.tagsCn)), \(bind: limit.limitBalance.minorUnits),
                \(bind: limit.limitWeekBalance.minorUnits), \(bind: limit.limitAtmDayBalance.minorUnits),
                \(bind: limit.limitAtmMonthBalance.minorUnits), \(bind: try JSONText.encode(package.feeSchedule)),
                \(bind: package.activation.rawValue), \(bind: package.status.rawValue), \(bind: package.createdAtMs))
            """
        ).run()
    }

    /// Enabled BINs assigned to the merchant, newest first, optionally only `cardBinNo`.
    public func enabledBINs(merchantNo: String, cardBinNo: String?, page: PageRequest) async throws -> Page<CardBIN> {
        let filter: SQLQueryString = cardBinNo.map { "AND b.card_bin_no = \(bind: $0)" } ?? ""
        return try await database.page(
            select: "b.*",
            source: """
                FROM card_bin b JOIN catalog_assignment a
                  ON a.product_no = b.card_bin_no AND a.merchant_no = \(bind: merchantNo)
                WHERE b.status = 'enabled' \(filter)
                """,
            time: "b.created_at_ms",
            id: "b.card_bin_no",
            page: page,
            row: Self.bin(from:)
        )
    }

    /// Enabled packages on enabled BINs assigned to the merchant, newest first, optionally filtered
    /// by type and number.
    public func enabledPackages(
        merchantNo: String,
        type: CardType?,
        packageNo: String?,
        page: PageRequest
    ) async throws
        -> Page<CatalogPackage>
    {
        var filter: SQLQueryString = ""
        if let type { filter = "\(filter) AND p.card_type = \(bind: type.rawValue)" }
        if let packageNo { filter = "\(filter) AND p.package_no = \(bind: packageNo)" }
        let from: SQLQueryString = """
            FROM card_package p JOIN card_bin b ON b.card_bin_no = p.card_bin_no
            JOIN catalog_assignment a ON a.product_no = p.package_no AND a.merchant_no = \(bind: merchantNo)
            WHERE p.status = 'enabled' AND b.status = 'enabled' \(filter)
            """
        return try await database.page(
            select: "p.*, b.bin AS bin_digits, b.organization AS bin_organization",
            source: from,
            time: "p.created_at_ms",
            id: "p.package_no",
            page: page,
            row: Self.package(from:)
        )
    }

    /// The BIN `cardBinNo` in any status, or `nil`.
    public func bin(no cardBinNo: String) async throws -> CardBIN? {
        try await database.raw("SELECT * FROM card_bin WHERE card_bin_no = \(bind: cardBinNo)").first()
            .map(Self.bin(from:))
    }

    /// The package `packageNo` in any status, with its BIN's digits and scheme, or `nil`.
    public func package(no packageNo: String) async throws -> CatalogPackage? {
        try await database.raw(
            """
            SELECT p.*, b.bin AS bin_digits, b.organization AS bin_organization
            FROM card_package p JOIN card_bin b ON b.card_bin_no = p.card_bin_no
            WHERE p.package_no = \(bind: packageNo)
            """
        ).first().map(Self.package(from:))
    }

    /// Every BIN in any status, newest first (operators).
    public func allBINs() async throws -> [CardBIN] {
        try await database.raw("SELECT * FROM card_bin ORDER BY created_at_ms DESC, card_bin_no DESC").all()
            .map(Self.bin(from:))
    }

    /// Every package in any status, newest first (operators).
    public func allPackages() async throws -> [CatalogPackage] {
        try await database.raw(
            """
            SELECT p.*, b.bin AS bin_digits, b.organization AS bin_organization
            FROM card_package p JOIN card_bin b ON b.card_bin_no = p.card_bin_no
            ORDER BY p.created_at_ms DESC, p.package_no DESC
            """
        ).all().map(Self.package(from:))
    }

    /// Sets a BIN's status; returns whether the BIN exists.
    public func setStatus(_ status: CatalogStatus, cardBinNo: String) async throws -> Bool {
        CachedRowWrites.noteWrite()
        return try await !database.raw(
            "UPDATE card_bin SET status = \(bind: status.rawValue) WHERE card_bin_no = \(bind: cardBinNo) RETURNING bin"
        ).all().isEmpty
    }

    /// Sets a package's status; returns whether the package exists.
    public func setStatus(_ status: CatalogStatus, packageNo: String) async throws -> Bool {
        CachedRowWrites.noteWrite()
        return try await !database.raw(
            """
            UPDATE card_package SET status = \(bind: status.rawValue) WHERE package_no = \(bind: packageNo)
            RETURNING package_no
            """
        ).all().isEmpty
    }

    /// Whether the catalog has no BIN at all (a fresh database).
    public func isEmpty() async throws -> Bool {
        try await count("SELECT COUNT(*) AS total FROM card_bin") == 0
    }

    private func count(_ query: SQLQueryString) async throws -> Int {
        guard let row = try await database.raw(query).first() else { return 0 }
        return Int(try row.decode(column: "total", as: Int64.self))
    }
}
