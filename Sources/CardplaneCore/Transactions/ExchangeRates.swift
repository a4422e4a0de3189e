/// A fixed table of exchange rates into USD, for the simulated network: exact, half up to cents.
///
/// Rates are decimal strings with up to ``rateScale`` decimals, in USD per 1 unit of the currency
/// (`"1.08"` for EUR). Codes are ISO 4217, upper case, matched exactly.
public struct ExchangeRates: Sendable {
    /// Decimals a rate may carry.
    public static let rateScale = 8

    /// USD per unit of each currency, at ``rateScale``.
    private let usdPerUnit: [String: Amount]

    /// The table from decimal strings.
    ///
    /// - Precondition: every rate is a plain positive decimal with at most 8 decimals; the table is the
    ///   program's own configuration, so a bad entry is a programming error, not an input to refuse.
    public init(usdPer: [String: String]) {
        var table: [String: Amount] = [:]
        for (code, text) in usdPer {
            guard let rate = Amount(parsing: text, scale: Self.rateScale), rate.minorUnits > 0 else {
                preconditionFailure("exchange rate of \(code) must be a positive decimal with at most 8 decimals")
            }
            table[code] = rate
        }
        usdPerUnit = table
    }

    /// USD 1, EUR 1.08, GBP 1.27, JPY 0.0067, CNY 0.14, SGD 0.74, HKD 0.128.
    public static let simulatorDefault = ExchangeRates(usdPer: [
        "USD": "1", "EUR": "1.08", "GBP": "1.27", "JPY": "0.0067", "CNY": "0.14", "SGD": "0.74", "HKD": "0.128",
    ])

    /// The currencies the table converts.
    public var currencies: Set<String> { Set(usdPerUnit.keys) }

    /// USD per unit of `currency` (scale 8), or `nil` when the table does not know it.
    public func rate(of currency: String) -> Amount? { usdPerUnit[currency] }

    /// `amount` of `currency` in USD (scale 2), exact and rounded half up; `nil` when the currency is
    /// unknown or the result does not fit in `Int64` cents.
    ///
    /// `amount` should be at ``scale(of:)`` of its currency (`JPY 1000` is `Amount(minorUnits: 1000, scale: 0)`);
    /// any scale converts correctly, since the arithmetic follows the amount's own scale.
    public func toUSD(_ amount: Amount, currency: String) -> Amount? {
        guard let rate = usdPerUnit[currency] else { return nil }
        // amount × rate has amount.scale + 8 decimals; dropping all but USD's 2 divides by 10^(that − 2).
        let shift = amount.scale + Self.rateScale - Currency.usd.scale
        let divisor = Amount.powerOfTen(shift)
        guard let cents = Amount.multiply(amount.minorUnits, by: rate.minorUnits, dividingBy: divisor) else {
            return nil
        }
        return Amount(minorUnits: cents, scale: Currency.usd.scale)
    }

    /// Decimals of an amount in `currency` (ISO 4217 minor units): 0 for JPY, KRW, VND, CLP, ISK;
    /// 3 for BHD, JOD, KWD, OMR, TND; 2 for every other code.
    public static func scale(of currency: String) -> Int {
        if zeroDecimalCurrencies.contains(currency) { return 0 }
        if threeDecimalCurrencies.contains(currency) { return 3 }
        return 2
    }

    private static let zeroDecimalCurrencies: Set<String> = ["JPY", "KRW", "VND", "CLP", "ISK"]
    private static let threeDecimalCurrencies: Set<String> = ["BHD", "JOD", "KWD", "OMR", "TND"]
}
