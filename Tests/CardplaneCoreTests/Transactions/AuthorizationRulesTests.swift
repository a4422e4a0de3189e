import CardplaneCore
import Testing

extension Transactions {
    /// Every decline reason of `AuthorizationRules.decline`, its boundary, and the order of the checks.
    @Suite struct AuthorizationRulesTests {
        static let today = CivilDate(year: 2026, month: 6, day: 15)

        static func limit(single: String, week: String, atmDay: String, atmMonth: String) -> ConsumptionLimit {
            ConsumptionLimit(
                limitBalance: usd(single),
                limitWeekBalance: usd(week),
                limitAtmDayBalance: usd(atmDay),
                limitAtmMonthBalance: usd(atmMonth)
            )
        }

        static let bin = limit(single: "1000.00", week: "5000.00", atmDay: "500.00", atmMonth: "2000.00")

        /// `decline` with everything valid unless a parameter says otherwise.
        static func decline(
            _ request: AuthorizationRequest,
            status: CardStatus = .activated,
            expiry: (month: Int, year: Int) = (month: 12, year: 2028),
            currencies: Set<String> = ["USD", "EUR"],
            package: ConsumptionLimit? = nil,
            bin: ConsumptionLimit = bin,
            usage: SpendUsage = SpendUsage()
        ) -> DeclineReason? {
            AuthorizationRules.decline(
                request,
                cardStatus: status,
                expiryMonth: expiry.month,
                expiryYear: expiry.year,
                today: today,
                supportedCurrencies: currencies,
                packageLimit: package,
                binLimit: bin,
                usage: usage
            )
        }

        @Test(arguments: SpendKind.allCases)
        func aValidSpendGoesOnToTheHold(_ kind: SpendKind) {
            #expect(Self.decline(request(kind, "100.00")) == nil)
            #expect(Self.decline(request(kind, "100.00", currency: "EUR")) == nil)
        }

        @Test(
            arguments: [
                Amount(minorUnits: 0, scale: 2), Amount(minorUnits: -1, scale: 2), Amount(minorUnits: 100, scale: 0),
                Amount(minorUnits: 1_000, scale: 3),
            ]
        )
        func invalidAmount(_ amount: Amount) {
            var spend = request(.purchase, "1.00")
            spend.amount = amount
            #expect(Self.decline(spend) == .invalidAmount)
        }

        @Test func aZeroLocalAmountIsInvalid() {
            var spend = request(.purchase, "1.00")
            spend.localAmount = usd("0.00")
            #expect(Self.decline(spend) == .invalidAmount)
        }

        @Test(
            arguments: [
                (.activated, nil), (.delete, .cardDeleted), (.frozen, .cardFrozen), (.pending, .cardNotActivated),
                (.toActivate, .cardNotActivated), (.fail, .cardNotActivated),
            ] as [(CardStatus, DeclineReason?)]
        )
        func cardStatus(_ status: CardStatus, _ reason: DeclineReason?) {
            #expect(Self.decline(request(.purchase, "1.00"), status: status) == reason)
        }

        /// A card is valid through the last day of its expiry month; today is 2026-06-15 unless stated.
        @Test(
            arguments: [
                (6, 2026, 2026, 6, 30, false),  // last day of the expiry month
                (6, 2026, 2026, 7, 1, true),  // first day after it
                (5, 2026, 2026, 6, 1, true),
                (12, 2025, 2026, 1, 1, true),  // across a year end
                (12, 2026, 2026, 1, 1, false),
                (1, 2027, 2026, 12, 31, false),
                (2, 2028, 2028, 2, 29, false),  // leap day
                (0, 2030, 2026, 6, 15, true),  // impossible months fail closed
                (13, 2030, 2026, 6, 15, true),
            ] as [(Int, Int, Int, Int, Int, Bool)]
        )
        func expiryAtMonthBoundaries(
            _ month: Int,
            _ year: Int,
            _ todayYear: Int,
            _ todayMonth: Int,
            _ day: Int,
            _ expired: Bool
        ) {
            let today = CivilDate(year: todayYear, month: todayMonth, day: day)
            #expect(AuthorizationRules.isExpired(expiryMonth: month, expiryYear: year, today: today) == expired)
        }

        @Test func anExpiredCardIsDeclined() {
            #expect(Self.decline(request(.purchase, "1.00"), expiry: (month: 5, year: 2026)) == .cardExpired)
            #expect(Self.decline(request(.purchase, "1.00"), expiry: (month: 6, year: 2026)) == nil)
        }

        @Test func currencyNotSupported() {
            #expect(Self.decline(request(.purchase, "1.00", currency: "XYZ")) == .currencyNotSupported)
            #expect(
                Self.decline(request(.purchase, "1.00", currency: "EUR"), currencies: ["USD"]) == .currencyNotSupported
            )
        }

        /// Single and weekly limits apply to both kinds; the smaller of package and BIN wins, field by field.
        @Test(
            arguments: [
                (.purchase, "1000.00", 0, nil), (.purchase, "1000.01", 0, .overSingleLimit),
                (.atm, "500.01", 0, .overATMDailyLimit), (.atm, "1000.01", 0, .overSingleLimit),
                (.purchase, "1.00", 499_900, nil), (.purchase, "1.00", 499_901, .overWeeklyLimit),
                (.atm, "0.01", 499_999, nil), (.atm, "0.02", 499_999, .overWeeklyLimit),
            ] as [(SpendKind, String, Int64, DeclineReason?)]
        )
        func singleAndWeeklyLimitsWithoutAPackage(
            _ kind: SpendKind,
            _ amount: String,
            _ week: Int64,
            _ reason: DeclineReason?
        ) {
            #expect(Self.decline(request(kind, amount), usage: SpendUsage(weekMinor: week)) == reason)
        }

        @Test(
            arguments: [
                ("200.00", nil), ("200.01", .overSingleLimit),  // package single 200 < BIN 1000
                ("150.00", nil),
            ] as [(String, DeclineReason?)]
        )
        func thePackageLimitWinsWhenSmaller(_ amount: String, _ reason: DeclineReason?) {
            let package = Self.limit(single: "200.00", week: "9000.00", atmDay: "900.00", atmMonth: "9000.00")
            #expect(Self.decline(request(.purchase, amount), package: package) == reason)
            // The weekly field still comes from the BIN, whose 5000.00 is the smaller.
            #expect(
                Self.decline(request(.purchase, "0.01"), package: package, usage: SpendUsage(weekMinor: 500_000))
                    == .overWeeklyLimit
            )
        }

        @Test func theBINLimitWinsWhenSmaller() {
            let package = Self.limit(single: "5000.00", week: "100.00", atmDay: "9000.00", atmMonth: "9000.00")
            #expect(Self.decline(request(.purchase, "1000.00"), package: package) == .overWeeklyLimit)
            #expect(Self.decline(request(.purchase, "1000.01"), package: package) == .overSingleLimit)
            let effective = AuthorizationRules.effectiveLimit(package: package, bin: Self.bin)
            #expect(effective == Self.limit(single: "1000.00", week: "100.00", atmDay: "500.00", atmMonth: "2000.00"))
            #expect(AuthorizationRules.effectiveLimit(package: nil, bin: Self.bin) == Self.bin)
        }

        @Test(
            arguments: [
                ("100.00", SpendUsage(atmDayMinor: 40_000), nil),
                ("100.01", SpendUsage(atmDayMinor: 40_000), .overATMDailyLimit),
                ("100.00", SpendUsage(atmMonthMinor: 190_000), nil),
                ("100.01", SpendUsage(atmMonthMinor: 190_000), .overATMMonthlyLimit),
                ("1.00", SpendUsage(atmDayMinor: 50_000, atmMonthMinor: 200_000), .overATMDailyLimit),
            ] as [(String, SpendUsage, DeclineReason?)]
        )
        func atmDailyAndMonthlyLimits(_ amount: String, _ usage: SpendUsage, _ reason: DeclineReason?) {
            #expect(Self.decline(request(.atm, amount), usage: usage) == reason)
            // Purchases never count against ATM limits.
            #expect(Self.decline(request(.purchase, amount), usage: usage) == nil)
        }

        /// A limit of 0.00 allows no spend of its kind; it never means "unlimited".
        @Test func aZeroLimitAllowsNothing() {
            let noATM = Self.limit(single: "1000.00", week: "5000.00", atmDay: "0.00", atmMonth: "2000.00")
            #expect(Self.decline(request(.atm, "0.01"), package: noATM) == .overATMDailyLimit)
            #expect(Self.decline(request(.purchase, "0.01"), package: noATM) == nil)
            let noMonth = Self.limit(single: "1000.00", week: "5000.00", atmDay: "500.00", atmMonth: "0.00")
            #expect(Self.decline(request(.atm, "0.01"), bin: noMonth) == .overATMMonthlyLimit)
            let nothing = Self.limit(single: "0.00", week: "0.00", atmDay: "0.00", atmMonth: "0.00")
            #expect(Self.decline(request(.purchase, "0.01"), package: nothing) == .overSingleLimit)
            let noWeek = Self.limit(single: "1000.00", week: "0.00", atmDay: "500.00", atmMonth: "2000.00")
            #expect(Self.decline(request(.purchase, "0.01"), package: noWeek) == .overWeeklyLimit)
        }

        /// Refunds never buy room above a limit, and a sum that overflows is over the limit.
        @Test func negativeUsageCountsAsZeroAndOverflowIsOver() {
            let week = Self.limit(single: "1000.00", week: "100.00", atmDay: "500.00", atmMonth: "2000.00")
            #expect(Self.decline(request(.purchase, "100.00"), bin: week, usage: SpendUsage(weekMinor: -5_000)) == nil)
            #expect(
                Self.decline(request(.purchase, "100.01"), bin: week, usage: SpendUsage(weekMinor: -5_000))
                    == .overWeeklyLimit
            )
            #expect(Self.decline(request(.purchase, "1.00"), usage: SpendUsage(weekMinor: .max)) == .overWeeklyLimit)
        }

        /// Each step of the documented order wins over every later one.
        @Test func checksRunInTheDocumentedOrder() {
            let nothing = Self.limit(single: "0.00", week: "0.00", atmDay: "0.00", atmMonth: "0.00")
            var spend = request(.atm, "1.00", currency: "XYZ")
            func run(_ status: CardStatus, _ expiryYear: Int) -> DeclineReason? {
                Self.decline(spend, status: status, expiry: (month: 1, year: expiryYear), bin: nothing)
            }
            #expect(run(.activated, 2030) == .currencyNotSupported)
            #expect(run(.activated, 2020) == .cardExpired)
            #expect(run(.pending, 2020) == .cardNotActivated)
            #expect(run(.frozen, 2020) == .cardFrozen)
            #expect(run(.delete, 2020) == .cardDeleted)
            spend.amount = usd("0.00")
            #expect(run(.delete, 2020) == .invalidAmount)
        }

        @Test func declineTexts() {
            let texts = DeclineReason.allCases.map(\.text)
            #expect(Set(texts).count == DeclineReason.allCases.count)
            #expect(texts.allSatisfy { !$0.isEmpty })
            #expect(DeclineReason.cardFrozen.text == "card frozen")
            #expect(DeclineReason.insufficientFunds.text == "insufficient funds")
        }

        @Test func spendKindsMapToConsumptionTypes() {
            #expect(SpendKind.purchase.consumptionType == .consumption)
            #expect(SpendKind.atm.consumptionType == .atm)
        }
    }
}
