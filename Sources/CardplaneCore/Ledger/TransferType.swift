/// Direction of a cardholder fund transfer (spec §8.9).
public enum TransferType: String, Sendable, CaseIterable, Codable {
    /// Merchant reserve → cardholder account.
    case transferIn = "In"
    /// Cardholder account → merchant reserve.
    case transferOut = "Out"

    /// Reads the API value, ignoring case (the constants page says "case-in[sensitive]").
    ///
    /// - Throws: 3006 for anything but `In` or `Out`.
    public init(api text: String) throws {
        guard let type = Self.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
            throw CardplaneError(.transferTypeInvalid)
        }
        self = type
    }
}

/// A validated `account/transfer` request (spec §4.13).
///
/// Checks in order: `cardholder_no` present, at most 32 characters (1004); `transfer_unique_no`
/// present, 1–64 printable ASCII characters without spaces (1004); `type` present (1004) and `In` or
/// `Out` (3006); `balance` present (1004), a string (3005), a positive amount with at most the
/// currency's decimals (3005).
public struct TransferRequest: Sendable, Equatable {
    public var cardholderNo: String
    public var transferUniqueNo: String
    public var type: TransferType
    public var amount: Amount

    public static let uniqueNoLengthMax = 64

    /// `balance` as it arrived: a JSON string, or some other JSON value (which is 3005).
    public enum BalanceField: Sendable, Equatable {
        case missing
        case string(String)
        case notAString
    }

    public init(
        cardholderNo: String?,
        transferUniqueNo: String?,
        type: String?,
        balance: BalanceField,
        currency: Currency
    ) throws {
        guard let cardholderNo, (1...32).contains(cardholderNo.count) else {
            throw CardplaneError.invalidParameter("cardholder_no")
        }
        guard let transferUniqueNo, (1...Self.uniqueNoLengthMax).contains(transferUniqueNo.count),
            transferUniqueNo.unicodeScalars.allSatisfy({ (0x21...0x7e).contains($0.value) })
        else { throw CardplaneError.invalidParameter("transfer_unique_no") }
        guard let type, !type.isEmpty else { throw CardplaneError.invalidParameter("type") }
        let transferType = try TransferType(api: type)
        let amount: Amount
        switch balance {
        case .missing: throw CardplaneError.invalidParameter("balance")
        case .notAString: throw CardplaneError(.transferAmountInvalid)
        case .string(let text): amount = try currency.positiveAmount(text)
        }
        self.cardholderNo = cardholderNo
        self.transferUniqueNo = transferUniqueNo
        self.type = transferType
        self.amount = amount
    }
}
