import CardplaneCore
import Testing

extension Transactions {
    /// Fees of approved spends: each rule, its threshold, its rounding and the free small-purchase allowance.
    @Suite struct FeeCalculatorTests {
        static let calculator = FeeCalculator(schedule: schedule)

        @Test(
            arguments: [
                ("100.00", "USD", false, 0, [(.consumeFee, "1.50")]),
                ("100.00", "EUR", false, 0, [(.consumeFee, "1.50"), (.exchangeFee, "1.00")]),
                ("100.00", "USD", true, 0, [(.consumeFee, "1.50"), (.applePayAuthFee, "0.50")]),
                ("0.99", "USD", false, 3, [(.consumeFee, "0.01"), (.smallFee, "0.10")]),  // 0.01485
                ("0.99", "USD", false, 2, [(.consumeFee, "0.01")]),  // the third free one
                ("1.00", "USD", false, 9, [(.consumeFee, "0.02")]),  // at the threshold: not small; 0.015 → 0.02
                ("0.33", "USD", false, 0, []),  // 0.00495 → 0.00, omitted
                ("0.33", "EUR", true, 5, [(.smallFee, "0.10"), (.applePayAuthFee, "0.50")]),
                (
                    "0.50", "GBP", true, 9,
                    [(.consumeFee, "0.01"), (.exchangeFee, "0.01"), (.smallFee, "0.10"), (.applePayAuthFee, "0.50")]
                ),
            ] as [(String, String, Bool, Int, [(FeeType, String)])]
        )
        func purchaseFees(
            _ amount: String,
            _ currency: String,
            _ applePay: Bool,
            _ smallUsed: Int,
            _ expected: [(FeeType, String)]
        ) {
            let spend = request(.purchase, amount, currency: currency, applePay: applePay)
            let items = Self.calculator.approvalFees(for: spend, allowance: FreeAllowanceUsage(smallUsed: smallUsed))
            #expect(items == fees(expected))
        }

        /// `None` grants no free small purchases; `Forever` and `Day` grant `free_small_consume_count`
        /// in their period (the caller counts within it).
        @Test(
            arguments: [
                (.none, 3, 0, true), (.forever, 3, 2, false), (.forever, 3, 3, true), (.day, 3, 2, false),
                (.day, 3, 3, true), (.forever, 0, 0, true), (.day, 0, 0, true), (.forever, 1, 0, false),
            ] as [(ExemptionType, Int, Int, Bool)]
        )
        func smallFeeAllowance(_ type: ExemptionType, _ freeCount: Int, _ used: Int, _ charged: Bool) {
            var fees = schedule
            fees.freeSmallExcuseType = type
            fees.freeSmallConsumeCount = freeCount
            let items = FeeCalculator(schedule: fees)
                .approvalFees(for: request(.purchase, "0.50"), allowance: FreeAllowanceUsage(smallUsed: used))
            #expect(items.contains { $0.type == .smallFee } == charged)
        }

        @Test func aZeroSmallThresholdMeansNoSmallFee() {
            var fees = schedule
            fees.smallConsumeThreshold = usd("0.00")
            fees.freeSmallExcuseType = .none
            let items = FeeCalculator(schedule: fees).approvalFees(for: request(.purchase, "0.01"), allowance: .init())
            #expect(items.isEmpty)
        }

        /// ATM: the larger of the rate and the minimum; no consume, small or Apple Pay fee.
        @Test(
            arguments: [
                ("100.00", "USD", [(.atmFee, "3.00")]),  // 2.00 < minimum
                ("150.00", "USD", [(.atmFee, "3.00")]),  // exactly the minimum
                ("150.01", "USD", [(.atmFee, "3.00")]),  // 3.0002
                ("150.25", "USD", [(.atmFee, "3.01")]),  // 3.005 → 3.01
                ("200.00", "USD", [(.atmFee, "4.00")]),
                ("200.00", "EUR", [(.atmFee, "4.00"), (.exchangeFee, "2.00")]),
                ("0.50", "USD", [(.atmFee, "3.00")]),
            ] as [(String, String, [(FeeType, String)])]
        )
        func atmFees(_ amount: String, _ currency: String, _ expected: [(FeeType, String)]) {
            let spend = request(.atm, amount, currency: currency, applePay: true)
            let items = Self.calculator.approvalFees(for: spend, allowance: FreeAllowanceUsage(smallUsed: 99))
            #expect(items == fees(expected))
        }

        @Test func aFreeATMHasNoFees() {
            var fees = schedule
            fees.atmRate = rate("0")
            fees.atmMinFee = usd("0.00")
            let items = FeeCalculator(schedule: fees).approvalFees(for: request(.atm, "100.00"), allowance: .init())
            #expect(items.isEmpty)
        }

        @Test func theCardCurrencyDecidesTheExchangeFee() {
            let euroCard = FeeCalculator(schedule: schedule, cardCurrency: "EUR")
            let items = euroCard.approvalFees(for: request(.purchase, "100.00", currency: "EUR"), allowance: .init())
            #expect(items == fees([(.consumeFee, "1.50")]))
        }
    }
}
