import CardplaneCore
import CardplaneIssuer

/// A row of `cardholder/list` (spec §4.2).
struct CardholderRow: Encodable, Sendable {
    var cardholderNo: String
    var cardholderUniqueNo: String
    var email: String
    var failReason: String
    var status: String
    var time: Int64

    init(_ cardholder: Cardholder) {
        cardholderNo = cardholder.cardholderNo
        cardholderUniqueNo = cardholder.cardholderUniqueNo
        email = cardholder.email ?? ""
        failReason = cardholder.verification.failReason ?? ""
        status = cardholder.verification.status.rawValue
        time = cardholder.createdAtMs
    }

    enum CodingKeys: String, CodingKey {
        case cardholderNo = "cardholder_no"
        case cardholderUniqueNo = "cardholder_unique_no"
        case email
        case failReason = "fail_reason"
        case status, time
    }
}

/// `data` of `cardholder/{cardholder_no}/info` (spec §4.3).
///
/// `card_list` holds the cardholder's cards (failed applications too, with their status).
/// `account_list` holds the cardholder's
/// accounts (credit extension) and `total_balance` the sum of their available balances in USD
/// (TUSDT is 1:1).
struct CardholderInfo: Encodable, Sendable {
    var cardholderNo: String
    var cardholderUniqueNo: String
    var email: String
    var status: String
    var failReason: String
    var totalBalance: String
    var time: Int64
    var cardList: [CardRow]
    var accountList: [AccountRow]

    init(_ cardholder: Cardholder, accounts: [LedgerAccount], cards: [Card]) {
        let scale = CardholderAccounts.currency.scale
        cardholderNo = cardholder.cardholderNo
        cardholderUniqueNo = cardholder.cardholderUniqueNo
        email = cardholder.email ?? ""
        status = cardholder.verification.status.rawValue
        failReason = cardholder.verification.failReason ?? ""
        totalBalance = Amount(minorUnits: accounts.reduce(0) { $0 + $1.availableMinor }, scale: scale).description
        time = cardholder.createdAtMs
        cardList = cards.map(CardRow.init)
        accountList = accounts.map(AccountRow.init)
    }

    enum CodingKeys: String, CodingKey {
        case cardholderNo = "cardholder_no"
        case cardholderUniqueNo = "cardholder_unique_no"
        case email, status
        case failReason = "fail_reason"
        case totalBalance = "total_balance"
        case time
        case cardList = "card_list"
        case accountList = "account_list"
    }
}
