import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Testing

/// A decline for each reason, recorded `Fail` with its reason and no money held; the decline fee
/// once the free allowance is used up; 500 concurrent authorizations against one balance.
@Suite struct TransactionDeclineTests {
    /// A package with small limits: single 100.00, week 150.00, ATM day 50.00, ATM month 80.00.
    static func limitedPackage(_ server: TestServer) async throws -> CardPackage {
        try await server.services.catalog.createDemoCatalogIfEmpty()
        let bin = try #require(try await server.services.catalog.allBINs().first)
        func usd(_ text: String) -> Amount { TransactionFixture.usd(text) }
        return CardPackage(
            packageNo: "",
            cardBinNo: bin.cardBinNo,
            type: .virtual,
            nameEn: "Limited",
            nameCn: "限额卡",
            descriptionEn: "",
            descriptionCn: "",
            tagsEn: [],
            tagsCn: [],
            consumptionLimit: ConsumptionLimit(
                limitBalance: usd("100.00"),
                limitWeekBalance: usd("150.00"),
                limitAtmDayBalance: usd("50.00"),
                limitAtmMonthBalance: usd("80.00")
            ),
            feeSchedule: DemoCatalog.fees,
            status: .enabled,
            createdAtMs: server.clock.nowMs()
        )
    }

    static func expectDecline(
        _ outcome: CardTransactions.Outcome,
        _ reason: DeclineReason,
        _ fixture: TransactionFixture
    ) async throws {
        #expect(
            !outcome.approved && outcome.declineReason == reason,
            "\(outcome.declineReason.map(\.rawValue) ?? "approved")"
        )
        #expect(outcome.consumption.status == .fail && outcome.consumption.remark == reason.text)
        #expect(outcome.consumption.network?.holdID == nil, "a decline holds nothing")
    }

    @Test(arguments: StoreKind.available)
    func cardStatusExpiryAndCurrencyDeclines(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server)
            let cards = server.services.cards
            let merchantNo = fixture.merchant.merchantNo
            let unsupported = try await server.services.transactions.authorize(
                fixture.request("1.00", id: "CUR", currency: "XAU")
            )
            try await Self.expectDecline(unsupported, .currencyNotSupported, fixture)
            try await server.administration.setStatus(.disabled, merchantNo: merchantNo)
            try await Self.expectDecline(
                try await fixture.authorize("1.00", id: "SUSPENDED"),
                .merchantSuspended,
                fixture
            )
            try await server.administration.setStatus(.enabled, merchantNo: merchantNo)
            _ = try await cards.changeStatus(cardNo: fixture.cardNo, to: .frozen, merchantNo: merchantNo)
            try await Self.expectDecline(try await fixture.authorize("1.00", id: "FROZEN"), .cardFrozen, fixture)
            _ = try await cards.changeStatus(cardNo: fixture.cardNo, to: .activated, merchantNo: merchantNo)
            server.clock.advance(byMs: Int64(Limits.cardValidityYears + 1) * 366 * 86_400_000)
            try await Self.expectDecline(try await fixture.authorize("1.00", id: "EXPIRED"), .cardExpired, fixture)
            _ = try await cards.changeStatus(cardNo: fixture.cardNo, to: .delete, merchantNo: merchantNo)
            try await Self.expectDecline(try await fixture.authorize("1.00", id: "DELETED"), .cardDeleted, fixture)
            #expect(try await fixture.account() == (9_500, 0), "status, expiry and currency declines are free")
            #expect(try await server.verifyLedger().isClean)
        }
    }

    @Test(arguments: StoreKind.available)
    func aCardWaitingForActivationDeclines(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server)
            let packageNo = try await server.packageNo(.physical, merchantNo: fixture.merchant.merchantNo)
            var address = CardAddress()
            (address.firstName, address.lastName, address.phoneCode, address.phone) = (
                "Ada", "Byron", "1", "2125550100"
            )
            (address.postalCode, address.country, address.state, address.city) = ("10001", "US", "NY", "New York")
            address.addressLine1 = "350 5th Ave"
            let physical = try await server.services.cardIssuer.apply(
                try CardApplication(
                    cardholderNo: fixture.cardholderNo,
                    cardUniqueNo: "PHYSICAL",
                    cardType: "Physical",
                    packageNo: packageNo,
                    cardBinNo: nil,
                    address: address,
                    mode: .creditExtension
                ),
                merchantNo: fixture.merchant.merchantNo
            )
            let outcome = try await server.services.transactions.authorize(
                fixture.request("1.00", id: "INACTIVE", cardNo: physical.cardNo)
            )
            try await Self.expectDecline(outcome, .cardNotActivated, fixture)
        }
    }

    @Test(arguments: StoreKind.available)
    func limitAndFundsDeclinesCostADeclineFeeAfterThreeFree(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(
                server,
                balance: "500.00",
                package: try await Self.limitedPackage(server)
            )
            try await Self.expectDecline(try await fixture.authorize("100.01", id: "SINGLE"), .overSingleLimit, fixture)
            #expect(try await fixture.authorize("60.00", id: "WEEK_1").approved)
            try await Self.expectDecline(try await fixture.authorize("90.01", id: "WEEK_2"), .overWeeklyLimit, fixture)
            #expect(try await fixture.authorize("40.00", id: "ATM_1", kind: .atm).approved)
            try await Self.expectDecline(
                try await fixture.authorize("10.01", id: "ATM_2", kind: .atm),
                .overATMDailyLimit,
                fixture
            )
            let held = try await fixture.account().held
            #expect(held == 6_090 + 4_300, "60.00 + 0.90 and 40.00 + the 3.00 ATM minimum")
            let feeBefore = try await fixture.account().balance
            // The fourth chargeable decline in the 30-day window costs the 0.50 decline fee.
            let fourth = try await fixture.authorize("100.01", id: "SINGLE_AGAIN")
            #expect(fourth.declineReason == .overSingleLimit)
            #expect(fourth.consumption.fees == [FeeItem(type: .declineFee, amount: TransactionFixture.usd("0.50"))])
            #expect(try await fixture.account().balance == feeBefore - 50)
            #expect(try await server.verifyLedger().isClean)
        }
    }

    /// ATM monthly limit (80.00) across days of one month, and an amount that is not an amount.
    @Test(arguments: StoreKind.available)
    func monthlyATMLimitAndInvalidAmountDecline(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let clock = TestClock(nowMs: 1_773_835_200_000)  // 2026-03-18T12:00:00Z: mid-month
            try await TestServer.with(database: database, keyRing: .generate(), clock: clock) { server in
                let fixture = try await TransactionFixture.make(
                    server,
                    balance: "500.00",
                    package: try await Self.limitedPackage(server)
                )
                #expect(try await fixture.authorize("45.00", id: "ATM_DAY_1", kind: .atm).approved)
                clock.advance(byMs: 86_400_000)
                try await Self.expectDecline(
                    try await fixture.authorize("35.01", id: "ATM_DAY_2", kind: .atm),
                    .overATMMonthlyLimit,
                    fixture
                )
                #expect(try await fixture.authorize("35.00", id: "ATM_DAY_2B", kind: .atm).approved, "80.00 exactly")
                var zero = fixture.request("1.00", id: "ZERO")
                zero.amount = Amount(minorUnits: 0, scale: 2)
                try await Self.expectDecline(
                    try await server.services.transactions.authorize(zero),
                    .invalidAmount,
                    fixture
                )
                #expect(try await server.verifyLedger().isClean)
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func insufficientFundsDeclinesAndHoldsNothing(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server, balance: "10.00")
            let outcome = try await fixture.authorize("9.90", id: "SHORT")
            try await Self.expectDecline(outcome, .insufficientFunds, fixture)
            #expect(try await fixture.account().held == 0)
            #expect(try await fixture.account() == (1_000, 0), "9.90 + 0.15 fee is more than 10.00")
            #expect(try await fixture.authorize("9.85", id: "FITS").approved, "9.85 + 0.15 is exactly 10.00")
        }
    }

    /// 500 authorizations of 1.00 (+ 0.02 fee) at once against 100.00: exactly 98 fit.
    @Test(arguments: StoreKind.available)
    func concurrentAuthorizationsNeverOverdraw(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server, balance: "100.00")
            let approved = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<500 {
                    group.addTask { try await fixture.authorize("1.00", id: "RACE_\(index)").approved }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(approved == 98)
            let account = try await fixture.account()
            #expect(account.balance == 10_000 && account.held == 98 * 102 && account.balance - account.held >= 0)
            #expect(try await server.verifyLedger().isClean)
        }
    }
}
