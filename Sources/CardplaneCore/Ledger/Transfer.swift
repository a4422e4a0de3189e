/// A cardholder fund transfer (spec §4.13, §4.15) as recorded, pointing at its ledger entry.
public struct Transfer: Sendable, Equatable {
    public var transferNo: String
    public var merchantNo: String
    public var transferUniqueNo: String
    public var cardholderNo: String
    public var type: TransferType
    public var currency: String
    public var amountMinor: Int64
    /// The cardholder account's balance before and after, as the response reported them.
    public var beforeBalanceMinor: Int64
    public var afterBalanceMinor: Int64
    public var entryID: String
    public var createdAtMs: Int64
    /// Spec §8.1 status; a recorded transfer has happened, so `Success`.
    public var status: String = "Success"

    public init(
        transferNo: String,
        merchantNo: String,
        transferUniqueNo: String,
        cardholderNo: String,
        type: TransferType,
        currency: String,
        amountMinor: Int64,
        beforeBalanceMinor: Int64,
        afterBalanceMinor: Int64,
        entryID: String,
        createdAtMs: Int64
    ) {
        self.transferNo = transferNo
        self.merchantNo = merchantNo
        self.transferUniqueNo = transferUniqueNo
        self.cardholderNo = cardholderNo
        self.type = type
        self.currency = currency
        self.amountMinor = amountMinor
        self.beforeBalanceMinor = beforeBalanceMinor
        self.afterBalanceMinor = afterBalanceMinor
        self.entryID = entryID
        self.createdAtMs = createdAtMs
    }
}

/// A merchant's reference for a transfer: its `transfer_unique_no` is used at most once per merchant.
public struct TransferReference: Sendable, Hashable {
    public var merchantNo: String
    public var transferUniqueNo: String

    public init(merchantNo: String, transferUniqueNo: String) {
        self.merchantNo = merchantNo
        self.transferUniqueNo = transferUniqueNo
    }
}

extension Transfer {
    /// The merchant's reference this transfer answers.
    public var reference: TransferReference {
        TransferReference(merchantNo: merchantNo, transferUniqueNo: transferUniqueNo)
    }
}
