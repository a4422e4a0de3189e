import CardplaneCore
import CardplaneStore
import CardplaneTesting
import Foundation
import SQLKit
import Testing

@Suite struct CatalogRecordsTests {
    static let limits = ConsumptionLimit(
        limitBalance: Amount(minorUnits: 1_000_00, scale: 2),
        limitWeekBalance: Amount(minorUnits: 5_000_00, scale: 2),
        limitAtmDayBalance: Amount(minorUnits: 100_00, scale: 2),
        limitAtmMonthBalance: Amount(minorUnits: 500_00, scale: 2)
    )

    static func bin(_ no: String, digits: String, status: CatalogStatus = .enabled, at ms: Int64) -> CardBIN {
        CardBIN(
            cardBinNo: no,
            bin: digits,
            organization: .mastercard,
            supportsVirtual: true,
            supportsPhysical: false,
            currencies: ["USD", "EUR"],
            balanceLimit: limits,
            status: status,
            createdAtMs: ms
        )
    }

    static func package(_ no: String, bin: String, type: CardType, at ms: Int64) throws -> CardPackage {
        let fees = try JSONDecoderFixture.fees()
        return CardPackage(
            packageNo: no,
            cardBinNo: bin,
            type: type,
            nameEn: "N",
            nameCn: "名",
            descriptionEn: "D",
            descriptionCn: "描述",
            tagsEn: ["a"],
            tagsCn: ["甲"],
            consumptionLimit: limits,
            feeSchedule: fees,
            status: .enabled,
            createdAtMs: ms
        )
    }

    @Test(arguments: StoreKind.available)
    func listsEnabledEntriesNewestFirstWithTotals(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await database.withStore { store async throws in
                try await store.withTransaction { database async throws in
                    let records = CatalogRecords(database)
                    try await records.insert(Self.bin("B1", digits: "511111", at: 1))
                    try await records.insert(Self.bin("B2", digits: "522222", at: 2))
                    try await records.insert(Self.bin("B3", digits: "533333", status: .disabled, at: 3))
                    try await records.insert(try Self.package("P1", bin: "B1", type: .virtual, at: 1))
                    try await records.insert(try Self.package("P2", bin: "B2", type: .physical, at: 2))
                    try await records.insert(try Self.package("P3", bin: "B3", type: .virtual, at: 3))
                    try await Self.assignAll(to: "M1", in: database)
                }
                try await store.withConnection { database async throws in
                    let records = CatalogRecords(database)
                    let bins = try await records.enabledBINs(
                        merchantNo: "M1",
                        cardBinNo: nil,
                        page: PageRequest(page: 0, size: 10)
                    )
                    #expect(bins.rows.map(\.cardBinNo) == ["B2", "B1"])
                    #expect(bins.total == 2)
                    #expect(bins.rows[0] == Self.bin("B2", digits: "522222", at: 2))
                    let secondPage = try await records.enabledBINs(
                        merchantNo: "M1",
                        cardBinNo: nil,
                        page: PageRequest(page: 1, size: 1)
                    )
                    #expect(secondPage.rows.map(\.cardBinNo) == ["B1"] && secondPage.total == 2)
                    let one = try await records.enabledBINs(
                        merchantNo: "M1",
                        cardBinNo: "B1",
                        page: PageRequest(page: 0, size: 10)
                    )
                    #expect(one.rows.map(\.cardBinNo) == ["B1"] && one.total == 1)
                    let packages = try await records.enabledPackages(
                        merchantNo: "M1",
                        type: nil,
                        packageNo: nil,
                        page: PageRequest(page: 0, size: 10)
                    )
                    #expect(packages.rows.map(\.package.packageNo) == ["P2", "P1"], "P3 sits on a disabled BIN")
                    #expect(packages.rows[1].package == (try Self.package("P1", bin: "B1", type: .virtual, at: 1)))
                    #expect(packages.rows[1].bin == "511111")
                    let virtual = try await records.enabledPackages(
                        merchantNo: "M1",
                        type: .virtual,
                        packageNo: nil,
                        page: PageRequest(page: 0, size: 10)
                    )
                    #expect(virtual.rows.map(\.package.packageNo) == ["P1"] && virtual.total == 1)
                    let unassigned = try await records.enabledBINs(
                        merchantNo: "M2",
                        cardBinNo: nil,
                        page: PageRequest(page: 0, size: 10)
                    )
                    #expect(unassigned.rows.isEmpty, "a merchant sees only what was assigned to it")
                }
            }
        }
    }
}

extension CatalogRecordsTests {
    /// Merchants M1 (every BIN and package assigned, limit 2 each) and M2 (nothing assigned).
    static func assignAll(to merchantNo: String, in database: any SQLDatabase) async throws {
        for number in [merchantNo, "M2"] {
            try await MerchantRecords(database).insert(
                Merchant(
                    merchantNo: number,
                    name: number,
                    mode: .creditExtension,
                    status: .enabled,
                    ipAllowlist: [],
                    createdAtMs: 1
                )
            )
        }
        for (product, kind) in [
            ("B1", "bin"), ("B2", "bin"), ("B3", "bin"), ("P1", "package"), ("P2", "package"), ("P3", "package"),
        ] {
            try await CatalogAssignmentRecords(database).assign(
                .init(
                    merchantNo: merchantNo,
                    productNo: product,
                    productKind: kind == "bin" ? .bin : .package,
                    issuanceLimit: 2
                ),
                nowMs: 1
            )
        }
    }

    @Test(arguments: StoreKind.available)
    func issuanceLimitIsCountedAtomically(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database async throws in
            try await database.withStore { store async throws in
                try await store.withTransaction { database async throws in
                    try await CatalogRecords(database).insert(Self.bin("B1", digits: "511111", at: 1))
                    try await Self.assignAll(to: "M1", in: database)
                }
                let reserved = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<10 {
                        group.addTask {
                            try await store.withTransaction { database async throws in
                                try await CatalogAssignmentRecords(database).reserveIssuance(
                                    merchantNo: "M1",
                                    productNo: "B1",
                                    nowMs: 2
                                )
                            }
                        }
                    }
                    return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
                }
                #expect(reserved == 2, "ten concurrent reservations, limit 2")
                try await store.withConnection { database async throws in
                    let records = CatalogAssignmentRecords(database)
                    try await records.releaseIssuance(merchantNo: "M1", productNo: "B1", nowMs: 3)
                    #expect(try await records.assignment(merchantNo: "M1", productNo: "B1")?.issuedCount == 1)
                    #expect(try await records.reserveIssuance(merchantNo: "M1", productNo: "B1", nowMs: 4))
                    #expect(!(try await records.reserveIssuance(merchantNo: "M1", productNo: "B1", nowMs: 5)))
                }
            }
        }
    }
}

/// A fee schedule decoded from the API's own JSON shape, as an operator would supply it.
enum JSONDecoderFixture {
    static func fees() throws -> FeeSchedule {
        let json = """
            {"consume_rate":"1.5","open_cost":"5.00","cross_consume_rate":"1","small_consume_threshold":"1.00",
             "small_consume_deduct":"0.10","free_small_consume_count":3,"free_small_excuse_type":"Day",
             "free_small_excuse_days":30,"refund_rate":"0","consume_cancle_fee":"0.50",
             "consume_cancel_threshold":"10.00","decline_fee":"0.50","decline_fee_free_count":3,
             "decline_fee_free_type":"Forever","decline_fee_free_days":0,"atm_rate":"2","atm_min_fee":"3.00",
             "apple_pay_fee":"0.50","manage_fee_type":"Month","manage_fee":"1.00","management_fee_free_type":"None",
             "free_management_fee_threshold":"0.00"}
            """
        return try JSONDecoder().decode(FeeSchedule.self, from: Data(json.utf8))
    }
}
