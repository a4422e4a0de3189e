/// What the card network adds to a payment record: its transaction id, the hold that reserves the
/// money, where the card was used, why it was declined, and what was captured and given back.
public struct NetworkDetails: Sendable, Equatable {
    /// The network's id of the authorization (unique: a repeat finds this record).
    public var transactionID: String
    /// The pending hold on the funding account, while the payment is `Pending`.
    public var holdID: String?
    public var merchant: MerchantInfo
    public var declineReason: DeclineReason?
    /// Captured by clearing, in the account currency's minor units.
    public var clearedMinor: Int64
    /// Given back by reversals and refunds, in the account currency's minor units.
    public var returnedMinor: Int64

    public init(
        transactionID: String,
        holdID: String?,
        merchant: MerchantInfo,
        declineReason: DeclineReason? = nil,
        clearedMinor: Int64 = 0,
        returnedMinor: Int64 = 0
    ) {
        self.transactionID = transactionID
        self.holdID = holdID
        self.merchant = merchant
        self.declineReason = declineReason
        self.clearedMinor = clearedMinor
        self.returnedMinor = returnedMinor
    }
}
