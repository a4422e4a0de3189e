import CardplaneCore
import CardplaneIssuer

/// `data` of `account/{cardholder_no}/info`: `{"list": [...]}` (spec §4.14).
struct AccountListPayload: Encodable, Sendable {
    var list: [AccountRow]
}

/// A cardholder account (spec §4.14). `balance` is the available balance, posted less open card
/// holds, and `pending_balance` (an extension) the holds (spec §13). TUSDT is pegged 1:1 to USD;
/// bonus balances do not exist yet.
struct AccountRow: Encodable, Sendable {
    var cardholderNo: String
    var symbol: String
    var symbolChain: String
    var balance: String
    var usdBalance: String
    var pendingBalance: String
    var bonusBalance: String
    var usdBonusBalance: String

    init(_ account: LedgerAccount) {
        let scale = CardholderAccounts.currency.scale
        cardholderNo = account.owner.number
        symbol = account.currency
        symbolChain = CardholderAccounts.symbolChain
        balance = Amount(minorUnits: account.availableMinor, scale: scale).description
        usdBalance = balance
        pendingBalance = Amount(minorUnits: account.heldMinor, scale: scale).description
        bonusBalance = Amount(minorUnits: 0, scale: scale).description
        usdBonusBalance = bonusBalance
    }

    enum CodingKeys: String, CodingKey {
        case cardholderNo = "cardholder_no"
        case symbol
        case symbolChain = "symbol_chain"
        case balance
        case usdBalance = "usd_balance"
        case pendingBalance = "pending_balance"
        case bonusBalance = "bonus_balance"
        case usdBonusBalance = "usd_bonus_balance"
    }
}

/// A row of `account/transfer/list` (spec §4.15, fields per our reading of the gap).
struct TransferRow: Encodable, Sendable {
    var transferNo: String
    var transferUniqueNo: String
    var cardholderNo: String
    var symbol: String
    var type: String
    var balance: String
    var beforeBalance: String
    var afterBalance: String
    var status: String
    var time: Int64

    init(_ transfer: Transfer) {
        let scale = CardholderAccounts.currency.scale
        transferNo = transfer.transferNo
        transferUniqueNo = transfer.transferUniqueNo
        cardholderNo = transfer.cardholderNo
        symbol = transfer.currency
        type = transfer.type.rawValue
        balance = Amount(minorUnits: transfer.amountMinor, scale: scale).description
        beforeBalance = Amount(minorUnits: transfer.beforeBalanceMinor, scale: scale).description
        afterBalance = Amount(minorUnits: transfer.afterBalanceMinor, scale: scale).description
        status = transfer.status
        time = transfer.createdAtMs
    }

    enum CodingKeys: String, CodingKey {
        case transferNo = "transfer_no"
        case transferUniqueNo = "transfer_unique_no"
        case cardholderNo = "cardholder_no"
        case symbol, type, balance
        case beforeBalance = "before_balance"
        case afterBalance = "after_balance"
        case status, time
    }
}
