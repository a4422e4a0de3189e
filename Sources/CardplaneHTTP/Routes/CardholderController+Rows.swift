import CardplaneCore

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
/// `card_list` and `account_list` are empty until cards and accounts exist (issues #5 and #4);
/// `total_balance` is the sum of the cardholder's accounts in USD, so `"0.00"` until then.
struct CardholderInfo: Encodable, Sendable {
    var cardholderNo: String
    var cardholderUniqueNo: String
    var email: String
    var status: String
    var failReason: String
    var totalBalance: String
    var time: Int64
    var cardList: [CardSummary]
    var accountList: [AccountSummary]

    /// A card of the cardholder, as listed in the info (fields follow with card issuance).
    struct CardSummary: Encodable, Sendable {
        var cardNo: String

        enum CodingKeys: String, CodingKey {
            case cardNo = "card_no"
        }
    }

    /// An account of the cardholder, as listed in the info (fields follow with the ledger).
    struct AccountSummary: Encodable, Sendable {
        var symbol: String
        var balance: String
    }

    init(_ cardholder: Cardholder) {
        cardholderNo = cardholder.cardholderNo
        cardholderUniqueNo = cardholder.cardholderUniqueNo
        email = cardholder.email ?? ""
        status = cardholder.verification.status.rawValue
        failReason = cardholder.verification.failReason ?? ""
        totalBalance = Amount(minorUnits: 0, scale: 2).description
        time = cardholder.createdAtMs
        cardList = []
        accountList = []
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
