import CardplaneCore
import Testing

extension Transactions {
    /// Conversion into USD: exact, half up to cents, at each currency's own scale.
    @Suite struct ExchangeRatesTests {
        @Test(
            arguments: [
                ("USD", 10_000, 2, "100.00"),
                ("EUR", 10_000, 2, "108.00"),
                ("GBP", 50, 2, "0.64"),  // 0.635 → 0.64
                ("CNY", 25, 2, "0.04"),  // 0.035 → 0.04
                ("JPY", 1_000, 0, "6.70"),  // JPY has no decimals
                ("JPY", 1, 0, "0.01"),  // 0.0067
                ("JPY", 74, 0, "0.50"),  // 0.4958
                ("JPY", 0, 0, "0.00"),
                ("HKD", 3, 2, "0.00"),  // 0.00384
                ("HKD", 4, 2, "0.01"),  // 0.00512
                ("SGD", 1_234, 2, "9.13"),  // 9.1316
            ] as [(String, Int64, Int, String)]
        )
        func simulatorDefaults(_ currency: String, _ minor: Int64, _ scale: Int, _ usd: String) {
            let amount = Amount(minorUnits: minor, scale: scale)
            #expect(ExchangeRates.simulatorDefault.toUSD(amount, currency: currency) == Transactions.usd(usd))
        }

        @Test(arguments: ["XYZ", "eur", ""])
        func unknownCurrencies(_ currency: String) {
            #expect(ExchangeRates.simulatorDefault.toUSD(usd("1.00"), currency: currency) == nil)
        }

        @Test func eightDecimalRates() {
            let rates = ExchangeRates(usdPer: ["XTS": "1.23456789"])
            #expect(rates.toUSD(usd("1.00"), currency: "XTS") == usd("1.23"))
            #expect(rates.toUSD(usd("2.00"), currency: "XTS") == usd("2.47"))  // 2.46913578
            #expect(rates.rate(of: "XTS") == Amount(minorUnits: 123_456_789, scale: 8))
            #expect(rates.currencies == ["XTS"])
        }

        @Test func aResultTooLargeForCentsIsNil() {
            let rates = ExchangeRates(usdPer: ["XTS": "100000000"])
            #expect(rates.toUSD(Amount(minorUnits: .max, scale: 2), currency: "XTS") == nil)
            #expect(rates.toUSD(usd("1.00"), currency: "XTS") == usd("100000000.00"))
        }

        @Test(
            arguments: [("JPY", 0), ("KRW", 0), ("USD", 2), ("EUR", 2), ("GBP", 2), ("KWD", 3), ("XYZ", 2)]
                as [(String, Int)]
        )
        func currencyScales(_ currency: String, _ scale: Int) {
            #expect(ExchangeRates.scale(of: currency) == scale)
        }

        @Test func theDefaultTableKnowsSevenCurrencies() {
            #expect(ExchangeRates.simulatorDefault.currencies == ["USD", "EUR", "GBP", "JPY", "CNY", "SGD", "HKD"])
        }
    }
}
