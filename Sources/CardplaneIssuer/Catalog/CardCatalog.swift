public import CardplaneCore
public import CardplaneStore

/// The card catalog: BINs for authorization merchants, packages for credit-extension merchants
/// (spec §4.16, §4.17), managed by operators and assigned to merchants with an issuance limit.
public struct CardCatalog: Sendable {
    let store: Store
    let clock: any WallClock

    public init(store: Store, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    /// Enabled BINs assigned to the merchant, newest first.
    public func supportedBINs(merchantNo: String, cardBinNo: String?, page: PageRequest) async throws -> Page<CardBIN> {
        try await store.withReader { database in
            try await CatalogRecords(database).enabledBINs(merchantNo: merchantNo, cardBinNo: cardBinNo, page: page)
        }
    }

    /// Enabled packages on enabled BINs assigned to the merchant, newest first.
    public func packages(
        merchantNo: String,
        type: CardType?,
        packageNo: String?,
        page: PageRequest
    ) async throws -> Page<CatalogPackage> {
        try await store.withReader { database in
            try await CatalogRecords(database).enabledPackages(
                merchantNo: merchantNo,
                type: type,
                packageNo: packageNo,
                page: page
            )
        }
    }

    /// On a database without BINs, creates the demo BIN and its virtual and physical packages, so a
    /// fresh server has something to issue on. Returns whether it created them.
    @discardableResult
    public func createDemoCatalogIfEmpty() async throws -> Bool {
        let nowMs = clock.nowMs()
        var generator = SystemRandomNumberGenerator()
        let bin = DemoCatalog.bin(
            cardBinNo: PublicNumber.make(.cardBIN, nowMs: nowMs, using: &generator),
            createdAtMs: nowMs
        )
        let packages = [CardType.virtual, .physical].map { type in
            DemoCatalog.package(
                packageNo: PublicNumber.make(.cardPackage, nowMs: nowMs, using: &generator),
                cardBinNo: bin.cardBinNo,
                type: type,
                createdAtMs: nowMs
            )
        }
        return try await store.withTransaction { database in
            let records = CatalogRecords(database)
            guard try await records.isEmpty() else { return false }
            try await records.insert(bin)
            for package in packages { try await records.insert(package) }
            return true
        }
    }

    /// Assigns every enabled package (credit extension) or BIN (authorization) to the merchant with
    /// the demo issuance limit, and BINs with the demo issuance fee: the demo merchant of a fresh
    /// server, and test merchants.
    public func assignEverything(to merchantNo: String, mode: IntegrationMode) async throws {
        let nowMs = clock.nowMs()
        try await store.withTransaction { database in
            let records = CatalogRecords(database)
            let assignments = CatalogAssignmentRecords(database)
            for bin in try await records.allBINs() where bin.status == .enabled && mode == .authorization {
                try await assignments.assign(
                    .init(
                        merchantNo: merchantNo,
                        productNo: bin.cardBinNo,
                        productKind: .bin,
                        issuanceLimit: DemoCatalog.issuanceLimit,
                        openCostMinor: DemoCatalog.fees.openCost.minorUnits
                    ),
                    nowMs: nowMs
                )
            }
            for entry in try await records.allPackages()
            where entry.package.status == .enabled && mode == .creditExtension {
                try await assignments.assign(
                    .init(
                        merchantNo: merchantNo,
                        productNo: entry.package.packageNo,
                        productKind: .package,
                        issuanceLimit: DemoCatalog.issuanceLimit
                    ),
                    nowMs: nowMs
                )
            }
        }
    }
}
