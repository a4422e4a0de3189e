/// What the card network asks when a cardholder spends (spec §7.3 fields): approve this amount?
///
/// `amount` is in the card's billing currency (USD, scale 2) after the network's conversion;
/// `localAmount` is what the merchant charged, in `localCurrency` and at that currency's scale
/// (``ExchangeRates/scale(of:)``).
public struct AuthorizationRequest: Sendable, Equatable {
    /// The platform's card number (`card_no`).
    public var cardNo: String
    /// The network's id of this authorization: the idempotency key of a repeated request.
    public var networkTransactionID: String
    public var kind: SpendKind
    /// In the card's billing currency (USD, scale 2).
    public var amount: Amount
    /// As the merchant charged it, at the scale of `localCurrency`.
    public var localAmount: Amount
    /// ISO 4217 code, upper case (e.g. `EUR`).
    public var localCurrency: String
    public var merchant: MerchantInfo
    /// Whether the card was presented through Apple Pay (an `Apple_auth_fee` may apply).
    public var isApplePay: Bool
    /// Whether the network already approved it in our stead (stand-in processing, ISO 8583 `0120`):
    /// the merchant is not asked, since the cardholder has had the network's answer; the card's
    /// rules and funds still decide whether money is held.
    public var standIn: Bool

    public init(
        cardNo: String,
        networkTransactionID: String,
        kind: SpendKind,
        amount: Amount,
        localAmount: Amount,
        localCurrency: String,
        merchant: MerchantInfo,
        isApplePay: Bool,
        standIn: Bool = false
    ) {
        self.cardNo = cardNo
        self.networkTransactionID = networkTransactionID
        self.kind = kind
        self.amount = amount
        self.localAmount = localAmount
        self.localCurrency = localCurrency
        self.merchant = merchant
        self.isApplePay = isApplePay
        self.standIn = standIn
    }
}
