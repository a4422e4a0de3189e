import CardplaneCore
import Testing

extension Transactions {
    /// Percentages are exact and round half up (away from zero); sums keep the scale.
    @Suite struct AmountArithmeticTests {
        @Test(
            arguments: [
                ("100.00", "1.5", "1.50"),
                ("0.33", "1.5", "0.00"),  // 0.00495: below half a cent
                ("0.50", "1", "0.01"),  // 0.005: exactly half a cent rounds up
                ("0.49", "1", "0.00"),  // 0.0049
                ("1.00", "1.5", "0.02"),  // 0.015
                ("0.67", "1.5", "0.01"),  // 0.01005
                ("33.33", "2.5", "0.83"),  // 0.83325
                ("1.50", "33.3333", "0.50"),  // 0.4999995
                ("10.00", "0.0001", "0.00"),
                ("100.00", "100", "100.00"),
                ("100.00", "0", "0.00"),
                ("-0.50", "1", "-0.01"),  // half away from zero on the negative side too
                ("-0.49", "1", "0.00"),
            ] as [(String, String, String)]
        )
        func percentAtScaleTwo(_ amount: String, _ rate: String, _ expected: String) {
            #expect(usd(amount).percent(Transactions.rate(rate)) == usd(expected))
        }

        @Test(
            arguments: [
                (1, 0, "50", 1),  // 0.5 → 1
                (3, 0, "50", 2),  // 1.5 → 2
                (Int64.max, 2, "100", Int64.max),
                (Int64.max, 2, "50", 4_611_686_018_427_387_904),  // ….5 → up
                (Int64.max, 2, "99.9999", 9_223_362_813_482_738_952),
                (Int64.min, 2, "100", Int64.min),
                (12_345_678, 8, "1", 123_457),
            ] as [(Int64, Int, String, Int64)]
        )
        func percentIsExactAtEveryScaleAndSize(_ minor: Int64, _ scale: Int, _ rate: String, _ expected: Int64) {
            let result = Amount(minorUnits: minor, scale: scale).percent(Transactions.rate(rate))
            #expect(result == Amount(minorUnits: expected, scale: scale))
        }

        @Test(
            arguments: [
                ("1.25", "0.75", "2.00", "0.50"),
                ("0.00", "0.01", "0.01", "-0.01"),
                ("100.00", "100.00", "200.00", "0.00"),
            ] as [(String, String, String, String)]
        )
        func sumsAndDifferences(_ lhs: String, _ rhs: String, _ sum: String, _ difference: String) {
            #expect(usd(lhs) + usd(rhs) == usd(sum))
            #expect(usd(lhs) - usd(rhs) == usd(difference))
        }

        @Test func comparisonsAndMax() {
            #expect(usd("3.00") > usd("2.99"))
            #expect(max(usd("2.00"), usd("3.00")) == usd("3.00"))
        }
    }
}
