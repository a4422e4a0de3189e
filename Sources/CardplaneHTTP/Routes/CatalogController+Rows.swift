import CardplaneCore

/// A row of `card/support/bins` (spec §4.17).
struct BINRow: Encodable, Sendable {
    var cardBinNo: String
    var cardBin: String
    var organization: String
    var supportPhysical: Bool
    var supportVirtual: Bool
    var currencies: [String]
    var balanceLimit: ConsumptionLimit

    init(_ bin: CardBIN) {
        cardBinNo = bin.cardBinNo
        cardBin = bin.bin
        organization = bin.organization.rawValue
        supportPhysical = bin.supportsPhysical
        supportVirtual = bin.supportsVirtual
        currencies = bin.currencies
        balanceLimit = bin.balanceLimit
    }

    enum CodingKeys: String, CodingKey {
        case cardBinNo = "card_bin_no"
        case cardBin = "card_bin"
        case organization
        case supportPhysical = "support_physical"
        case supportVirtual = "support_virtual"
        case currencies
        case balanceLimit = "balance_limit"
    }
}

/// A row of `card/package/list` (spec §4.16), with the source's field names.
struct PackageRow: Encodable, Sendable {
    var packageNo: String
    var packageEnName: String
    var packageCnName: String
    var cardBin: String
    var cardBinNo: String
    var organization: String
    var packageType: String
    var enDesc: String
    var cnDesc: String
    var enTagList: [String]
    var cnTagList: [String]
    var consumptionLimit: ConsumptionLimit
    var feeDetail: FeeSchedule

    init(_ entry: CatalogPackage) {
        let package = entry.package
        packageNo = package.packageNo
        packageEnName = package.nameEn
        packageCnName = package.nameCn
        cardBin = entry.bin
        cardBinNo = package.cardBinNo
        organization = entry.organization.rawValue
        packageType = package.type.rawValue
        enDesc = package.descriptionEn
        cnDesc = package.descriptionCn
        enTagList = package.tagsEn
        cnTagList = package.tagsCn
        consumptionLimit = package.consumptionLimit
        feeDetail = package.feeSchedule
    }

    enum CodingKeys: String, CodingKey {
        case packageNo = "package_no"
        case packageEnName = "package_en_name"
        case packageCnName = "package_cn_name"
        case cardBin = "card_bin"
        case cardBinNo = "card_bin_no"
        case organization
        case packageType = "package_type"
        case enDesc = "en_desc"
        case cnDesc = "cn_desc"
        case enTagList = "en_tag_list"
        case cnTagList = "cn_tag_list"
        case consumptionLimit = "consumption_limit"
        case feeDetail = "fee_detail"
    }
}
