/// A package's fees (spec §4.6.1, `fee_detail`), with the API's own field names and spellings
/// (`consume_cancle_fee` is the platform's). Rates are percentages (`"1.5"` = 1.5 %), amounts USD.
public struct FeeSchedule: Sendable, Equatable, Codable {
    public var consumeRate: Rate
    /// The card issuance fee, charged when a card is opened.
    public var openCost: Amount
    public var crossConsumeRate: Rate
    public var smallConsumeThreshold: Amount
    public var smallConsumeDeduct: Amount
    public var freeSmallConsumeCount: Int
    public var freeSmallExcuseType: ExemptionType
    public var freeSmallExcuseDays: Int
    public var refundRate: Rate
    public var consumeCancelFee: Amount
    public var consumeCancelThreshold: Amount
    public var declineFee: Amount
    public var declineFeeFreeCount: Int
    public var declineFeeFreeType: ExemptionType
    public var declineFeeFreeDays: Int
    public var atmRate: Rate
    public var atmMinFee: Amount
    public var applePayFee: Amount
    public var manageFeeType: ManagementFeeType
    public var manageFee: Amount
    public var managementFeeFreeType: ExemptionType
    public var freeManagementFeeThreshold: Amount

    public init(
        consumeRate: Rate,
        openCost: Amount,
        crossConsumeRate: Rate,
        smallConsumeThreshold: Amount,
        smallConsumeDeduct: Amount,
        freeSmallConsumeCount: Int,
        freeSmallExcuseType: ExemptionType,
        freeSmallExcuseDays: Int,
        refundRate: Rate,
        consumeCancelFee: Amount,
        consumeCancelThreshold: Amount,
        declineFee: Amount,
        declineFeeFreeCount: Int,
        declineFeeFreeType: ExemptionType,
        declineFeeFreeDays: Int,
        atmRate: Rate,
        atmMinFee: Amount,
        applePayFee: Amount,
        manageFeeType: ManagementFeeType,
        manageFee: Amount,
        managementFeeFreeType: ExemptionType,
        freeManagementFeeThreshold: Amount
    ) {
        self.consumeRate = consumeRate
        self.openCost = openCost
        self.crossConsumeRate = crossConsumeRate
        self.smallConsumeThreshold = smallConsumeThreshold
        self.smallConsumeDeduct = smallConsumeDeduct
        self.freeSmallConsumeCount = freeSmallConsumeCount
        self.freeSmallExcuseType = freeSmallExcuseType
        self.freeSmallExcuseDays = freeSmallExcuseDays
        self.refundRate = refundRate
        self.consumeCancelFee = consumeCancelFee
        self.consumeCancelThreshold = consumeCancelThreshold
        self.declineFee = declineFee
        self.declineFeeFreeCount = declineFeeFreeCount
        self.declineFeeFreeType = declineFeeFreeType
        self.declineFeeFreeDays = declineFeeFreeDays
        self.atmRate = atmRate
        self.atmMinFee = atmMinFee
        self.applePayFee = applePayFee
        self.manageFeeType = manageFeeType
        self.manageFee = manageFee
        self.managementFeeFreeType = managementFeeFreeType
        self.freeManagementFeeThreshold = freeManagementFeeThreshold
    }

    /// The schedule of a card issued from a BIN: the merchant's issuance fee for that BIN and no
    /// other fee (an authorization merchant charges its cardholders itself).
    public static func bin(openCost: Amount) -> FeeSchedule {
        let zero = Amount(minorUnits: 0, scale: openCost.scale)
        let noRate = Rate("0")!
        return FeeSchedule(
            consumeRate: noRate,
            openCost: openCost,
            crossConsumeRate: noRate,
            smallConsumeThreshold: zero,
            smallConsumeDeduct: zero,
            freeSmallConsumeCount: 0,
            freeSmallExcuseType: .none,
            freeSmallExcuseDays: 0,
            refundRate: noRate,
            consumeCancelFee: zero,
            consumeCancelThreshold: zero,
            declineFee: zero,
            declineFeeFreeCount: 0,
            declineFeeFreeType: .none,
            declineFeeFreeDays: 0,
            atmRate: noRate,
            atmMinFee: zero,
            applePayFee: zero,
            manageFeeType: .none,
            manageFee: zero,
            managementFeeFreeType: .none,
            freeManagementFeeThreshold: zero
        )
    }

    enum CodingKeys: String, CodingKey {
        case consumeRate = "consume_rate"
        case openCost = "open_cost"
        case crossConsumeRate = "cross_consume_rate"
        case smallConsumeThreshold = "small_consume_threshold"
        case smallConsumeDeduct = "small_consume_deduct"
        case freeSmallConsumeCount = "free_small_consume_count"
        case freeSmallExcuseType = "free_small_excuse_type"
        case freeSmallExcuseDays = "free_small_excuse_days"
        case refundRate = "refund_rate"
        case consumeCancelFee = "consume_cancle_fee"
        case consumeCancelThreshold = "consume_cancel_threshold"
        case declineFee = "decline_fee"
        case declineFeeFreeCount = "decline_fee_free_count"
        case declineFeeFreeType = "decline_fee_free_type"
        case declineFeeFreeDays = "decline_fee_free_days"
        case atmRate = "atm_rate"
        case atmMinFee = "atm_min_fee"
        case applePayFee = "apple_pay_fee"
        case manageFeeType = "manage_fee_type"
        case manageFee = "manage_fee"
        case managementFeeFreeType = "management_fee_free_type"
        case freeManagementFeeThreshold = "free_management_fee_threshold"
    }
}

/// A percentage with up to four decimals (`"1.5"`, `"0.0250"`), exact; encoded as a string.
public struct Rate: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The percentage as an amount of scale 4: `Rate("1.5")` is 1.5000 %.
    public let percent: Amount

    public static let scale = 4

    public init?(_ text: String) {
        guard let percent = Amount(parsing: text, scale: Self.scale), percent.minorUnits <= 100 * 10_000 else {
            return nil
        }
        self.percent = percent
    }

    public var description: String { percent.description }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let rate = Rate(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a percentage")
        }
        self = rate
    }
}

/// Free-allowance periods for small-amount and decline fees (spec §8.7).
public enum ExemptionType: String, Sendable, CaseIterable, Codable {
    /// The free count is granted once, for the card's life.
    case forever = "Forever"
    /// No free allowance.
    case none = "None"
    /// The free count renews every `…_days` days.
    case day = "Day"
}

/// How often the management fee is charged (not documented upstream; our decision, spec §13 gap 7).
public enum ManagementFeeType: String, Sendable, CaseIterable, Codable {
    case none = "None"
    case monthly = "Month"
    case yearly = "Year"
}
