/// Consumption type (spec §8.4).
public enum ConsumptionType: String, Sendable, CaseIterable, Codable {
    case openCard = "Open_card"
    case consumption = "Consumption"
    case atm = "Atm"
    case manageFee = "Manage_fee"
    case reversal = "Reversal"
    case refund = "Refund"
}

/// The common status of money records (spec §8.1).
public enum RecordStatus: String, Sendable, CaseIterable, Codable {
    case pending = "Pending"
    case success = "Success"
    case fail = "Fail"
}

/// Fee type (spec §8.5).
public enum FeeType: String, Sendable, CaseIterable, Codable {
    case consumeFee = "Consume_fee"
    case applePayAuthFee = "Apple_auth_fee"
    case authFee = "Auth_fee"
    case atmFee = "Atm_fee"
    case exchangeFee = "Exchange_fee"
    case declineFee = "Decline_fee"
    case smallFee = "Small_fee"
    case refundFee = "Refund_fee"
    case cancelFee = "Cancel_fee"
    /// Cardplane's extension (§8.5 has no management-fee item): the fee a `Manage_fee` consumption
    /// charges, as ``FeeCalculator/managementFee(balance:)`` itemises it. That consumption's `amount` is
    /// the fee itself, so this item is not pushed again in its `fee_detail`.
    case manageFee = "Manage_fee"
}

/// One itemised fee of a consumption (`fee_list` / `fee_detail` entries).
public struct FeeItem: Sendable, Equatable {
    public var type: FeeType
    public var amount: Amount

    public init(type: FeeType, amount: Amount) {
        self.type = type
        self.amount = amount
    }
}

/// A card's money record (spec §4.11): an issuance fee, a payment, a refund, …
public struct Consumption: Sendable, Equatable {
    public var consumeNo: String
    public var merchantNo: String
    public var cardNo: String
    public var cardholderNo: String
    /// The record this one relates to (the original of a refund or reversal).
    public var relatedConsumeNo: String?
    public var type: ConsumptionType
    public var status: RecordStatus
    /// In the account's currency (TUSDT).
    public var amount: Amount
    public var currency: String
    /// In the currency of the payment.
    public var localAmount: Amount
    public var localCurrency: String
    public var fees: [FeeItem]
    public var remark: String?
    public var detail: String?
    /// The network's side of a payment; `nil` for records the platform makes itself (issuance fees).
    public var network: NetworkDetails?
    public var version: Int
    public var createdAtMs: Int64
    public var updatedAtMs: Int64

    public init(
        consumeNo: String,
        merchantNo: String,
        cardNo: String,
        cardholderNo: String,
        relatedConsumeNo: String? = nil,
        type: ConsumptionType,
        status: RecordStatus,
        amount: Amount,
        currency: String,
        localAmount: Amount,
        localCurrency: String,
        fees: [FeeItem] = [],
        remark: String? = nil,
        detail: String? = nil,
        network: NetworkDetails? = nil,
        version: Int = 1,
        createdAtMs: Int64,
        updatedAtMs: Int64
    ) {
        self.consumeNo = consumeNo
        self.merchantNo = merchantNo
        self.cardNo = cardNo
        self.cardholderNo = cardholderNo
        self.relatedConsumeNo = relatedConsumeNo
        self.type = type
        self.status = status
        self.amount = amount
        self.currency = currency
        self.localAmount = localAmount
        self.localCurrency = localCurrency
        self.fees = fees
        self.remark = remark
        self.detail = detail
        self.network = network
        self.version = version
        self.createdAtMs = createdAtMs
        self.updatedAtMs = updatedAtMs
    }

    /// The sum of the itemised fees (`fee`), in the account currency's scale.
    public var feeTotal: Amount {
        Amount(minorUnits: fees.reduce(0) { $0 + $1.amount.minorUnits }, scale: amount.scale)
    }
}

/// What a row of `card/consume/list` shows of a record (spec §4.11): read alone, so a page never
/// decodes the fee list or the network's merchant data it does not show.
public struct ConsumptionSummary: Sendable, Equatable {
    public var consumeNo: String
    public var cardNo: String
    public var type: ConsumptionType
    public var status: RecordStatus
    /// In the account's currency (TUSDT).
    public var amount: Amount
    public var createdAtMs: Int64

    public init(
        consumeNo: String,
        cardNo: String,
        type: ConsumptionType,
        status: RecordStatus,
        amount: Amount,
        createdAtMs: Int64
    ) {
        self.consumeNo = consumeNo
        self.cardNo = cardNo
        self.type = type
        self.status = status
        self.amount = amount
        self.createdAtMs = createdAtMs
    }
}
