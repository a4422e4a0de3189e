public import CardplaneCore
public import CardplaneStore

extension CardCatalog {
    /// Adds a BIN under a new `card_bin_no`.
    public func addBIN(_ draft: (String) -> CardBIN) async throws -> CardBIN {
        var generator = SystemRandomNumberGenerator()
        let bin = draft(PublicNumber.make(.cardBIN, nowMs: clock.nowMs(), using: &generator))
        try await store.withTransaction { database in
            let records = CatalogRecords(database)
            guard try await !records.allBINs().contains(where: { $0.bin == bin.bin }) else {
                throw AdministrationError.binTaken
            }
            try await records.insert(bin)
        }
        return bin
    }

    /// Adds a package on an existing BIN under a new `package_no`.
    public func addPackage(_ draft: (String) -> CardPackage) async throws -> CardPackage {
        var generator = SystemRandomNumberGenerator()
        let package = draft(PublicNumber.make(.cardPackage, nowMs: clock.nowMs(), using: &generator))
        try await store.withTransaction { database in
            let records = CatalogRecords(database)
            guard let bin = try await records.bin(no: package.cardBinNo) else { throw AdministrationError.binNotFound }
            let offers = package.type == .virtual ? bin.supportsVirtual : bin.supportsPhysical
            guard offers else {
                throw AdministrationError.invalidCatalogEntry("the BIN does not support \(package.type.rawValue) cards")
            }
            try await records.insert(package)
        }
        return package
    }

    /// Every BIN, newest first.
    public func allBINs() async throws -> [CardBIN] {
        try await store.withConnection { try await CatalogRecords($0).allBINs() }
    }

    /// Every package, newest first.
    public func allPackages() async throws -> [CatalogPackage] {
        try await store.withConnection { try await CatalogRecords($0).allPackages() }
    }

    /// Enables or disables a BIN: disabled, it takes no new cards (4001) and hides its packages.
    public func setStatus(_ status: CatalogStatus, cardBinNo: String) async throws {
        let found = try await store.withConnection {
            try await CatalogRecords($0).setStatus(status, cardBinNo: cardBinNo)
        }
        guard found else { throw AdministrationError.binNotFound }
    }

    /// Enables or disables a package: disabled, it takes no new cards (4002).
    public func setStatus(_ status: CatalogStatus, packageNo: String) async throws {
        let found = try await store.withConnection {
            try await CatalogRecords($0).setStatus(status, packageNo: packageNo)
        }
        guard found else { throw AdministrationError.packageNotFound }
    }

    /// Lets a merchant issue on a package (credit extension) or BIN (authorization), at most
    /// `issuanceLimit` cards; a BIN also carries its issuance fee. Assigning again changes both.
    public func assign(
        productNo: String,
        to merchantNo: String,
        issuanceLimit: Int64,
        openCost: Amount?
    ) async throws -> CatalogAssignmentRecords.Assignment {
        guard (0...Limits.issuanceLimitMax).contains(issuanceLimit) else {
            throw AdministrationError.invalidCatalogEntry("the issuance limit must be 0 to \(Limits.issuanceLimitMax)")
        }
        let nowMs = clock.nowMs()
        return try await store.withTransaction { database in
            guard let merchant = try await MerchantRecords(database).merchant(no: merchantNo) else {
                throw AdministrationError.merchantNotFound
            }
            guard merchant.status != .closed else { throw AdministrationError.merchantClosed }
            let records = CatalogRecords(database)
            let kind: CatalogAssignmentRecords.Assignment.ProductKind
            if try await records.bin(no: productNo) != nil {
                kind = .bin
            } else if try await records.package(no: productNo) != nil {
                kind = .package
            } else {
                throw AdministrationError.invalidCatalogEntry("no BIN or package with that number")
            }
            guard (kind == .package) == (merchant.mode == .creditExtension) else {
                throw AdministrationError.productModeMismatch
            }
            let assignments = CatalogAssignmentRecords(database)
            let existing = try await assignments.assignment(merchantNo: merchantNo, productNo: productNo)
            if let existing, existing.issuedCount > issuanceLimit {
                throw AdministrationError.limitBelowIssued(issued: existing.issuedCount)
            }
            let assignment = CatalogAssignmentRecords.Assignment(
                merchantNo: merchantNo,
                productNo: productNo,
                productKind: kind,
                issuanceLimit: issuanceLimit,
                issuedCount: existing?.issuedCount ?? 0,
                openCostMinor: kind == .bin ? (openCost?.minorUnits ?? 0) : 0
            )
            try await assignments.assign(assignment, nowMs: nowMs)
            return assignment
        }
    }

    /// The merchant's assignments, oldest first.
    public func assignments(merchantNo: String) async throws -> [CatalogAssignmentRecords.Assignment] {
        try await store.withConnection { try await CatalogAssignmentRecords($0).assignments(merchantNo: merchantNo) }
    }
}
