import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import Foundation
import HTTPTypes
import Testing

/// `address_info` of `card/apply` over HTTP: each address code with its field-named message, on both
/// stores. The rules themselves are tabled in CardplaneCoreTests (AddressRules, USAddress).
@Suite struct CardAddressTests {
    /// The address with `field` set to `value` (`nil` removes it).
    static func address(_ field: String, _ value: String?) -> [String: String] {
        var address = CardTests.address
        address[field] = value
        return address
    }

    static let cases: [(field: String, value: String?, type: CardType, code: Int, message: String)] = [
        ("first_name", nil, .physical, 4010, "first_name: Physical card billing address cannot be empty"),
        ("address_line1", "  ", .physical, 4010, "address_line1: Physical card billing address cannot be empty"),
        ("postal_code", nil, .virtual, 1004, "postal_code: Invalid request parameter"),
        ("last_name", "王", .physical, 2008, "last_name: Only English is supported"),
        ("city", "Москва", .virtual, 2008, "city: Only English is supported"),
        (
            "address_line1", "1 Market St @ HQ", .virtual, 2007,
            "address_line1: Please use English letters, numbers, spaces, or common address symbols (e.g. - / #)."
        ),
        ("country", "ZZ", .virtual, 2009, "country: Country is not supported"),
        (
            "postal_code", "10001", .physical, 2010,
            "postal_code: The postal code does not match the selected address (state/province, city)"
        ),
        ("phone_code", "+1", .physical, 1004, "phone_code: Invalid request parameter"),
    ]

    @Test(arguments: StoreKind.available)
    func addressCodesNameTheirField(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            for (index, rule) in Self.cases.enumerated() {
                let reply = try await CardTests.apply(
                    server,
                    setup,
                    uniqueNo: "ADDRESS_\(index)",
                    type: rule.type,
                    address: Self.address(rule.field, rule.value)
                )
                #expect(reply.code == rule.code && reply.msg == rule.message, "\(rule.field): \(reply.raw)")
            }
            let chinese = try await server.callAuthenticated(
                .post,
                CardTests.applyPath,
                credential: setup.credential,
                body: CardTests.applyBody(setup, uniqueNo: "ZH", type: .physical, address: Self.address("city", "上海")),
                language: "zh_CN"
            )
            #expect(chinese.code == 2008 && chinese.msg.hasPrefix("city: "), "\(chinese.raw)")
            #expect(try await server.services.cards.cards(cardholderNo: setup.cardholderNo).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func aValidVirtualAddressIsAcceptedAndABINLimitsCountries(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            let accepted = try await CardTests.apply(
                server,
                setup,
                uniqueNo: "VIRTUAL_ADDRESS",
                address: CardTests.address
            )
            #expect(accepted.code == 0, "\(accepted.raw)")
            let bin = try await server.services.catalog.addBIN { cardBinNo in
                CardBIN(
                    cardBinNo: cardBinNo,
                    bin: "52222222",
                    organization: .mastercard,
                    supportsVirtual: true,
                    supportsPhysical: true,
                    currencies: ["USD"],
                    balanceLimit: DemoCatalog.limits,
                    countries: ["GB"],
                    status: .enabled,
                    createdAtMs: server.clock.nowMs()
                )
            }
            let package = try await server.services.catalog.addPackage { packageNo in
                CardPackage(
                    packageNo: packageNo,
                    cardBinNo: bin.cardBinNo,
                    type: .physical,
                    nameEn: "UK only",
                    nameCn: "仅限英国",
                    descriptionEn: "",
                    descriptionCn: "",
                    tagsEn: [],
                    tagsCn: [],
                    consumptionLimit: DemoCatalog.limits,
                    feeSchedule: DemoCatalog.fees,
                    status: .enabled,
                    createdAtMs: server.clock.nowMs()
                )
            }
            _ = try await server.services.catalog.assign(
                productNo: package.packageNo,
                to: setup.merchantNo,
                issuanceLimit: 5,
                openCost: nil
            )
            var ukOnly = setup
            ukOnly.physicalProductNo = package.packageNo
            let usAddress = try await CardTests.apply(server, ukOnly, uniqueNo: "UK_ONLY", type: .physical)
            #expect(usAddress.code == 4011 && usAddress.msg == "Country not supported for this card application")
            let london: [String: String] = [
                "first_name": "Ada", "last_name": "Lovelace", "phone_code": "44", "phone": "2079460000",
                "postal_code": "SW1A 1AA", "country": "GB", "state": "London", "city": "London",
                "address_line1": "10 Downing St",
            ]
            let ukAddress = try await CardTests.apply(
                server,
                ukOnly,
                uniqueNo: "UK_CARD",
                type: .physical,
                address: london
            )
            #expect(ukAddress.code == 0, "\(ukAddress.raw)")
        }
    }
}
