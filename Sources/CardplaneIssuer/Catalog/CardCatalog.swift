public import CardplaneCore
public import CardplaneStore

/// The card catalog merchants read: BINs for authorization merchants, packages for credit-extension
/// merchants (spec §4.16, §4.17).
public struct CardCatalog: Sendable {
    let store: Store
    let clock: any WallClock

    public init(store: Store, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    /// Enabled BINs, newest first.
    public func supportedBINs(cardBinNo: String?, page: PageRequest) async throws -> Page<CardBIN> {
        try await store.withConnection { database in
            try await CatalogRecords(database).enabledBINs(cardBinNo: cardBinNo, page: page)
        }
    }

    /// Enabled packages on enabled BINs, newest first.
    public func packages(type: CardType?, packageNo: String?, page: PageRequest) async throws -> Page<CatalogPackage> {
        try await store.withConnection { database in
            try await CatalogRecords(database).enabledPackages(type: type, packageNo: packageNo, page: page)
        }
    }

    /// On a database without BINs, creates the demo BIN and its virtual package, so a fresh server
    /// has something to issue on. Returns whether it created them.
    @discardableResult
    public func createDemoCatalogIfEmpty() async throws -> Bool {
        let nowMs = clock.nowMs()
        var generator = SystemRandomNumberGenerator()
        let bin = DemoCatalog.bin(
            cardBinNo: PublicNumber.make(.cardBIN, nowMs: nowMs, using: &generator),
            createdAtMs: nowMs
        )
        let package = DemoCatalog.package(
            packageNo: PublicNumber.make(.cardPackage, nowMs: nowMs, using: &generator),
            cardBinNo: bin.cardBinNo,
            createdAtMs: nowMs
        )
        return try await store.withTransaction { database in
            let records = CatalogRecords(database)
            guard try await records.isEmpty() else { return false }
            try await records.insert(bin)
            try await records.insert(package)
            return true
        }
    }
}
