/// Spending caps of a BIN (`balance_limit`) or package (`consumption_limit`), in USD (spec §4.16, §4.17).
public struct ConsumptionLimit: Sendable, Equatable, Codable {
    /// Largest single spend.
    public var limitBalance: Amount
    /// Largest total spend in a week.
    public var limitWeekBalance: Amount
    /// Largest ATM withdrawal total in a day.
    public var limitAtmDayBalance: Amount
    /// Largest ATM withdrawal total in a month.
    public var limitAtmMonthBalance: Amount

    enum CodingKeys: String, CodingKey {
        case limitBalance = "limit_balance"
        case limitWeekBalance = "limit_week_balance"
        case limitAtmDayBalance = "limit_atm_day_balance"
        case limitAtmMonthBalance = "limit_atm_month_balance"
    }

    /// Limits are USD amounts with two decimals.
    public static let scale = 2

    public init(
        limitBalance: Amount,
        limitWeekBalance: Amount,
        limitAtmDayBalance: Amount,
        limitAtmMonthBalance: Amount
    ) {
        for amount in [limitBalance, limitWeekBalance, limitAtmDayBalance, limitAtmMonthBalance] {
            precondition(amount.scale == Self.scale && amount.minorUnits >= 0, "limits are non-negative USD amounts")
        }
        self.limitBalance = limitBalance
        self.limitWeekBalance = limitWeekBalance
        self.limitAtmDayBalance = limitAtmDayBalance
        self.limitAtmMonthBalance = limitAtmMonthBalance
    }
}

extension Amount: Codable {
    /// Encoded as its decimal string, the API's form for amounts (`"100.00"`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes a decimal string at scale 2 (USD and TUSDT); other scales parse through ``init(parsing:scale:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let amount = Amount(parsing: text, scale: 2) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a 2-decimal amount")
        }
        self = amount
    }
}
