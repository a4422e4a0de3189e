import CardplaneCore
import Testing

extension Transactions {
    /// Fees of declines, refunds, cancellations and management periods, and the allowance windows.
    @Suite struct FeeCalculatorEventTests {
        static let calculator = FeeCalculator(schedule: schedule)

        /// With the allowance used up, exactly the reasons the cardholder causes by spending cost a fee.
        @Test(arguments: DeclineReason.allCases)
        func declineFeeByReason(_ reason: DeclineReason) {
            let items = Self.calculator.declineFees(reason: reason, allowance: FreeAllowanceUsage(declineUsed: 3))
            let chargeable: Set<DeclineReason> = [
                .insufficientFunds, .overSingleLimit, .overWeeklyLimit, .overATMDailyLimit, .overATMMonthlyLimit,
            ]
            #expect(reason.incursDeclineFee == chargeable.contains(reason))
            #expect(items == (chargeable.contains(reason) ? fees([(.declineFee, "0.50")]) : []))
        }

        @Test(
            arguments: [
                (.none, 3, 0, true), (.forever, 3, 2, false), (.forever, 3, 3, true), (.day, 3, 2, false),
                (.day, 3, 4, true), (.day, 0, 0, true),
            ] as [(ExemptionType, Int, Int, Bool)]
        )
        func declineFeeAllowance(_ type: ExemptionType, _ freeCount: Int, _ used: Int, _ charged: Bool) {
            var fees = schedule
            fees.declineFeeFreeType = type
            fees.declineFeeFreeCount = freeCount
            let items = FeeCalculator(schedule: fees)
                .declineFees(reason: .insufficientFunds, allowance: FreeAllowanceUsage(declineUsed: used))
            #expect(items == (charged ? Transactions.fees([(.declineFee, "0.50")]) : []))
        }

        @Test func aZeroDeclineFeeIsOmitted() {
            var fees = schedule
            fees.declineFee = usd("0.00")
            fees.declineFeeFreeType = .none
            #expect(FeeCalculator(schedule: fees).declineFees(reason: .overWeeklyLimit, allowance: .init()).isEmpty)
        }

        @Test(
            arguments: [
                ("100.00", "0.5", "0.50"), ("1.00", "0.5", "0.01"),  // 0.005 → 0.01
                ("0.99", "0.5", nil),  // 0.00495 → 0.00, omitted
                ("100.00", "0", nil),
            ] as [(String, String, String?)]
        )
        func refundFees(_ amount: String, _ refundRate: String, _ expected: String?) {
            var fees = schedule
            fees.refundRate = rate(refundRate)
            let items = FeeCalculator(schedule: fees).refundFees(refundAmount: usd(amount))
            #expect(items == (expected.map { Transactions.fees([(.refundFee, $0)]) } ?? []))
        }

        /// Below the threshold (strictly) a reversal costs `consume_cancle_fee`; a zero threshold turns it off.
        @Test(
            arguments: [
                ("9.99", "10.00", true), ("10.00", "10.00", false), ("0.01", "10.00", true), ("500.00", "10.00", false),
                ("0.00", "10.00", false), ("0.01", "0.00", false),
            ] as [(String, String, Bool)]
        )
        func cancelFees(_ reversed: String, _ threshold: String, _ charged: Bool) {
            var fees = schedule
            fees.consumeCancelThreshold = usd(threshold)
            let items = FeeCalculator(schedule: fees).cancelFees(reversedAmount: usd(reversed))
            #expect(items == (charged ? Transactions.fees([(.cancelFee, "0.50")]) : []))
        }

        @Test(
            arguments: [
                (.monthly, .none, "0.00", "1000.00", true),  // a zero threshold waives nothing
                (.monthly, .none, "100.00", "100.00", false),  // at the threshold: waived
                (.monthly, .none, "100.00", "99.99", true),
                (.monthly, .day, "100.00", "100.00", false),
                (.monthly, .day, "100.00", "0.00", true),
                (.yearly, .none, "0.00", "0.00", true),
                (.monthly, .forever, "0.00", "0.00", false),  // Forever: always waived
                (.none, .none, "0.00", "0.00", false),  // no management fee at all
            ] as [(ManagementFeeType, ExemptionType, String, String, Bool)]
        )
        func managementFee(
            _ period: ManagementFeeType,
            _ free: ExemptionType,
            _ threshold: String,
            _ balance: String,
            _ charged: Bool
        ) {
            var fees = schedule
            fees.manageFeeType = period
            fees.managementFeeFreeType = free
            fees.freeManagementFeeThreshold = usd(threshold)
            let calculator = FeeCalculator(schedule: fees)
            #expect(calculator.managementFeeDue(balance: usd(balance)) == (charged ? usd("1.00") : nil))
            #expect(
                calculator.managementFee(balance: usd(balance))
                    == (charged ? Transactions.fees([(.manageFee, "1.00")]) : [])
            )
        }

        @Test func aZeroManagementFeeIsOmitted() {
            var fees = schedule
            fees.manageFee = usd("0.00")
            #expect(FeeCalculator(schedule: fees).managementFee(balance: usd("0.00")).isEmpty)
        }

        /// `Day` windows run back to back from the card's creation day; `Forever` and `None` have none.
        @Test(
            arguments: [
                (.day, 30, (2026, 1, 1), (2026, 1, 1), (2026, 1, 1)),
                (.day, 30, (2026, 1, 1), (2026, 1, 30), (2026, 1, 1)),  // day 29: last of the first window
                (.day, 30, (2026, 1, 1), (2026, 1, 31), (2026, 1, 31)),  // day 30: a new window
                (.day, 30, (2026, 1, 1), (2026, 3, 1), (2026, 1, 31)),  // day 59
                (.day, 30, (2026, 1, 1), (2026, 3, 2), (2026, 3, 2)),  // day 60
                (.day, 1, (2028, 2, 27), (2028, 2, 29), (2028, 2, 29)),  // leap day
                (.day, 0, (2026, 1, 1), (2026, 1, 9), (2026, 1, 9)),  // fewer than 1 day counts as 1
                (.day, 7, (2026, 5, 10), (2026, 5, 1), (2026, 5, 10)),  // today before creation: clock skew
            ] as [(ExemptionType, Int, (Int, Int, Int), (Int, Int, Int), (Int, Int, Int))]
        )
        func allowanceWindows(
            _ type: ExemptionType,
            _ days: Int,
            _ created: (Int, Int, Int),
            _ today: (Int, Int, Int),
            _ start: (Int, Int, Int)
        ) {
            let window = FeeCalculator.allowanceWindowStart(
                type: type,
                days: days,
                cardCreatedOn: CivilDate(year: created.0, month: created.1, day: created.2),
                today: CivilDate(year: today.0, month: today.1, day: today.2)
            )
            #expect(window == CivilDate(year: start.0, month: start.1, day: start.2))
        }

        @Test(arguments: [ExemptionType.forever, .none])
        func onlyDayAllowancesHaveWindows(_ type: ExemptionType) {
            let day = CivilDate(year: 2026, month: 1, day: 1)
            #expect(FeeCalculator.allowanceWindowStart(type: type, days: 30, cardCreatedOn: day, today: day) == nil)
        }
    }
}
