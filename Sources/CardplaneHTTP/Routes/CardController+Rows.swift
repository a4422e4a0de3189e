import CardplaneCore
import CardplaneIssuer

/// A row of `card/list` (spec §4.5).
struct CardRow: Encodable, Sendable {
    var cardNo: String
    var cardUniqueNo: String
    var cardholderNo: String
    var cardType: String
    var cardLastNo: String
    var organization: String
    var status: String
    var time: Int64

    init(_ card: Card) {
        cardNo = card.cardNo
        cardUniqueNo = card.cardUniqueNo
        cardholderNo = card.cardholderNo
        cardType = card.cardType.rawValue
        cardLastNo = card.lastFour
        organization = card.organization.rawValue
        status = card.status.rawValue
        time = card.createdAtMs
    }

    enum CodingKeys: String, CodingKey {
        case cardNo = "card_no"
        case cardUniqueNo = "card_unique_no"
        case cardholderNo = "cardholder_no"
        case cardType = "card_type"
        case cardLastNo = "card_last_no"
        case organization, status, time
    }
}

/// `data` of `card/{card_no}/detail` (spec §4.6). `card_name` is the package's English name, or
/// the scheme and type for a BIN card; `fee_detail` is the package's schedule, or for a BIN card
/// its issuance fee with every other fee zero (an authorization merchant sets its own fees).
struct CardDetail: Encodable, Sendable {
    var row: CardRow
    var cardName: String
    var packageNameEn: String
    var packageNameCn: String
    var feeDetail: FeeSchedule

    init(_ detail: CardManagement.Detail) {
        row = CardRow(detail.card)
        let card = detail.card
        cardName = detail.package?.nameEn ?? "\(card.organization.rawValue) \(card.cardType.rawValue)"
        packageNameEn = detail.package?.nameEn ?? ""
        packageNameCn = detail.package?.nameCn ?? ""
        feeDetail = detail.feeSchedule
    }

    enum CodingKeys: String, CodingKey {
        case cardName = "card_name"
        case packageNameEn = "package_name_en"
        case packageNameCn = "package_name_cn"
        case feeDetail = "fee_detail"
    }

    func encode(to encoder: any Encoder) throws {
        try row.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cardName, forKey: .cardName)
        try container.encode(packageNameEn, forKey: .packageNameEn)
        try container.encode(packageNameCn, forKey: .packageNameCn)
        try container.encode(feeDetail, forKey: .feeDetail)
    }
}
