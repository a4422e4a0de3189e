import CardplaneCore
import Foundation
import SQLKit

extension CatalogRecords {
    static func bin(from row: any SQLRow) throws -> CardBIN {
        guard let organization = CardOrganization(rawValue: try row.decode(column: "organization", as: String.self)),
            let status = CatalogStatus(rawValue: try row.decode(column: "status", as: String.self))
        else { throw StoreError.corruptRow(table: "card_bin") }
        let currencies = try row.decode(column: "currencies", as: String.self)
        let countries = try row.decode(column: "countries", as: String.self)
        return CardBIN(
            cardBinNo: try row.decode(column: "card_bin_no", as: String.self),
            bin: try row.decode(column: "bin", as: String.self),
            organization: organization,
            supportsVirtual: try row.decode(column: "supports_virtual", as: Int64.self) == 1,
            supportsPhysical: try row.decode(column: "supports_physical", as: Int64.self) == 1,
            currencies: currencies.split(separator: ",").map(String.init),
            balanceLimit: try limit(from: row),
            countries: countries.split(separator: ",").map(String.init),
            status: status,
            createdAtMs: try row.decode(column: "created_at_ms", as: Int64.self)
        )
    }

    static func package(from row: any SQLRow) throws -> CatalogPackage {
        guard let type = CardType(rawValue: try row.decode(column: "card_type", as: String.self)),
            let status = CatalogStatus(rawValue: try row.decode(column: "status", as: String.self)),
            let organization = CardOrganization(rawValue: try row.decode(column: "bin_organization", as: String.self)),
            let activation = CardPackage.Activation(rawValue: try row.decode(column: "activation", as: String.self))
        else { throw StoreError.corruptRow(table: "card_package") }
        let package = CardPackage(
            packageNo: try row.decode(column: "package_no", as: String.self),
            cardBinNo: try row.decode(column: "card_bin_no", as: String.self),
            type: type,
            nameEn: try row.decode(column: "name_en", as: String.self),
            nameCn: try row.decode(column: "name_cn", as: String.self),
            descriptionEn: try row.decode(column: "description_en", as: String.self),
            descriptionCn: try row.decode(column: "description_cn", as: String.self),
            tagsEn: try JSONText.decode([String].self, from: row.decode(column: "tags_en", as: String.self)),
            tagsCn: try JSONText.decode([String].self, from: row.decode(column: "tags_cn", as: String.self)),
            consumptionLimit: try limit(from: row),
            feeSchedule: try JSONText.decode(
                FeeSchedule.self,
                from: row.decode(column: "fee_schedule", as: String.self)
            ),
            activation: activation,
            status: status,
            createdAtMs: try row.decode(column: "created_at_ms", as: Int64.self)
        )
        return CatalogPackage(
            package: package,
            bin: try row.decode(column: "bin_digits", as: String.self),
            organization: organization
        )
    }

    static func limit(from row: any SQLRow) throws -> ConsumptionLimit {
        func amount(_ column: String) throws -> Amount {
            let minorUnits = try row.decode(column: column, as: Int64.self)
            guard minorUnits >= 0 else { throw StoreError.corruptRow(table: "card_bin") }
            return Amount(minorUnits: minorUnits, scale: ConsumptionLimit.scale)
        }
        return ConsumptionLimit(
            limitBalance: try amount("limit_balance_minor"),
            limitWeekBalance: try amount("limit_week_balance_minor"),
            limitAtmDayBalance: try amount("limit_atm_day_balance_minor"),
            limitAtmMonthBalance: try amount("limit_atm_month_balance_minor")
        )
    }
}

/// JSON text columns: values written and read with sorted keys, so stored text is stable.
enum JSONText {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try JSONDecoder().decode(Value.self, from: Data(text.utf8))
    }
}
