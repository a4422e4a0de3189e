import CardplaneCore
import Testing

@Suite struct AmountTests {
    @Test(
        arguments: [
            ("100", 10_000), ("100.5", 10_050), ("100.50", 10_050), ("0.01", 1), ("0", 0), ("0.00", 0),
            ("92233720368547758.07", Int64.max),
        ] as [(String, Int64)]
    )
    func parsesAtScaleTwo(_ text: String, _ minorUnits: Int64) throws {
        #expect(try #require(Amount(parsing: text, scale: 2)).minorUnits == minorUnits)
    }

    @Test(arguments: [
        "", ".5", "5.", "1.005", "-1", "+1", "1e2", "1E2", " 1", "1 ", "1,00", "0x10", "１", "NaN",
        "92233720368547758.08", "1234567890123456789",
    ])
    func refuses(_ text: String) {
        #expect(Amount(parsing: text, scale: 2) == nil)
    }

    @Test(
        arguments: [(10_050, 2, "100.50"), (-5, 2, "-0.05"), (7, 0, "7"), (1, 4, "0.0001"), (0, 2, "0.00")]
            as [(Int64, Int, String)]
    )
    func formats(_ minorUnits: Int64, _ scale: Int, _ text: String) {
        #expect(Amount(minorUnits: minorUnits, scale: scale).description == text)
    }

    @Test func formatThenParseIsIdentity() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let scale = Int.random(in: 0...Amount.scaleMax, using: &generator)
            let amount = Amount(minorUnits: Int64.random(in: 0...Int64.max / 10, using: &generator), scale: scale)
            #expect(Amount(parsing: amount.description, scale: scale) == amount)
        }
    }

    @Test func rates() throws {
        #expect(try #require(Rate("1.5")).description == "1.5000")
        #expect(Rate("100") != nil)
        #expect(Rate("100.0001") == nil)
        #expect(Rate("0.00001") == nil)
        #expect(Rate("-1") == nil)
    }
}

@Suite struct CivilDateTests {
    @Test(
        arguments: [
            (0, 1970, 1, 1), (-1, 1969, 12, 31), (11_016, 2000, 2, 29), (20_782, 2026, 11, 25), (19_783, 2024, 3, 1),
        ] as [(Int64, Int, Int, Int)]
    )
    func convertsBothWays(_ days: Int64, _ year: Int, _ month: Int, _ day: Int) {
        let date = CivilDate(year: year, month: month, day: day)
        #expect(CivilDate(unixDays: days) == date)
        #expect(date.unixDays == days)
    }

    @Test func validity() {
        #expect(CivilDate(year: 2024, month: 2, day: 29).isValid)
        #expect(!CivilDate(year: 2026, month: 2, day: 29).isValid)
        #expect(!CivilDate(year: 2026, month: 13, day: 1).isValid)
        #expect(!CivilDate(year: 2026, month: 4, day: 31).isValid)
    }

    @Test func publicNumbersCarryKindAndDate() {
        var generator = SystemRandomNumberGenerator()
        let number = PublicNumber.make(.merchant, nowMs: 20_782 * 86_400_000 + 5, using: &generator)
        #expect(number.hasPrefix("M20261125"))
        #expect(number.count == 1 + 8 + PublicNumber.Kind.merchant.randomDigits)
        let transferNo = PublicNumber.make(.transfer, nowMs: 0, using: &generator)
        #expect(transferNo.hasPrefix("T19700101") && transferNo.count == 1 + 8 + 12)
    }
}
