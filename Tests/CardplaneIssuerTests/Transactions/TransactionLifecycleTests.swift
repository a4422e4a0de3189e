import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import Testing

/// Authorization → clearing, reversal, refund and expiry through the engine, on both stores; after
/// each, `ledger verify` is clean.
@Suite struct TransactionLifecycleTests {
    @Test(arguments: StoreKind.available)
    func approveThenClear(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server)
            let outcome = try await fixture.authorize("20.00", id: "NTX_CLEAR")
            #expect(outcome.approved && outcome.consumption.status == .pending)
            #expect(outcome.consumption.fees == [FeeItem(type: .consumeFee, amount: TransactionFixture.usd("0.30"))])
            #expect(try await fixture.account() == (9_500, 2_030), "20.00 + 0.30 held")
            let cleared = try await server.services.transactions.clear(
                networkTransactionID: "NTX_CLEAR",
                amount: nil,
                messageID: "CLR_1"
            )
            #expect(cleared.status == .success && cleared.network?.clearedMinor == 2_000)
            #expect(try await fixture.account() == (7_470, 0))
            let again = try await server.services.transactions.clear(
                networkTransactionID: "NTX_CLEAR",
                amount: nil,
                messageID: "CLR_1"
            )
            let afterRepeat = try await fixture.account()
            #expect(again.consumeNo == cleared.consumeNo && afterRepeat == (7_470, 0), "idempotent")
            await #expect(throws: TransactionError.notPending) {
                try await server.services.transactions.clear(
                    networkTransactionID: "NTX_CLEAR",
                    amount: nil,
                    messageID: "CLR_2"
                )
            }
            #expect(try await server.verifyLedger().isClean)
        }
    }

    @Test(arguments: StoreKind.available)
    func partialClearReleasesTheRestAndFeesFollowTheCapture(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server)
            _ = try await fixture.authorize("50.00", id: "NTX_PARTIAL")
            #expect(try await fixture.account() == (9_500, 5_075))
            let cleared = try await server.services.transactions.clear(
                networkTransactionID: "NTX_PARTIAL",
                amount: TransactionFixture.usd("30.00"),
                messageID: "CLR_P"
            )
            #expect(cleared.fees == [FeeItem(type: .consumeFee, amount: TransactionFixture.usd("0.45"))])
            #expect(try await fixture.account() == (9_500 - 3_045, 0))
            await #expect(throws: TransactionError.amountExceeds) {
                _ = try await fixture.authorize("10.00", id: "NTX_OVER")
                _ = try await server.services.transactions.clear(
                    networkTransactionID: "NTX_OVER",
                    amount: TransactionFixture.usd("10.01"),
                    messageID: "CLR_O"
                )
            }
            #expect(try await server.verifyLedger().isClean)
        }
    }

    @Test(arguments: StoreKind.available)
    func approveThenReverseFullyOrPartly(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server)
            let transactions = server.services.transactions
            _ = try await fixture.authorize("5.00", id: "NTX_REV")
            let reversal = try await transactions.reverse(
                networkTransactionID: "NTX_REV",
                amount: nil,
                messageID: "REV_1"
            )
            #expect(reversal.type == .reversal && reversal.amount.description == "5.00")
            #expect(reversal.fees == [FeeItem(type: .cancelFee, amount: TransactionFixture.usd("0.50"))], "under 10.00")
            #expect(try await fixture.account() == (9_450, 0), "the hold is gone; the cancel fee taken")
            let original = try await transactions.consumption(
                consumeNo: try #require(reversal.relatedConsumeNo),
                merchantNo: fixture.merchant.merchantNo
            )
            #expect(original.status == .fail && original.remark == "reversed")

            _ = try await fixture.authorize("40.00", id: "NTX_PART_REV")
            _ = try await transactions.reverse(
                networkTransactionID: "NTX_PART_REV",
                amount: TransactionFixture.usd("15.00"),
                messageID: "REV_2"
            )
            #expect(
                try await fixture.account() == (9_450, 4_060 - 1_500),
                "the hold shrank by 15.00; no fee over 10.00"
            )
            let cleared = try await transactions.clear(
                networkTransactionID: "NTX_PART_REV",
                amount: nil,
                messageID: "CLR_R"
            )
            #expect(cleared.network?.clearedMinor == 2_500 && cleared.network?.returnedMinor == 0)
            #expect(try await fixture.account() == (9_450 - 2_500 - 38, 0), "25.00 captured with its 0.38 fee")
            let refund = try await transactions.refund(
                networkTransactionID: "NTX_PART_REV",
                amount: TransactionFixture.usd("25.00"),
                messageID: "REF_ALL"
            )
            #expect(refund.amount.description == "25.00", "all that was captured can be refunded")
            #expect(try await server.verifyLedger().isClean)
        }
    }

    @Test(arguments: StoreKind.available)
    func clearThenRefund(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server)
            let transactions = server.services.transactions
            _ = try await fixture.authorize("40.00", id: "NTX_REF")
            _ = try await transactions.clear(networkTransactionID: "NTX_REF", amount: nil, messageID: "CLR_F")
            await #expect(throws: TransactionError.notCleared) {
                _ = try await fixture.authorize("1.50", id: "NTX_PENDING")
                _ = try await transactions.refund(
                    networkTransactionID: "NTX_PENDING",
                    amount: TransactionFixture.usd("1.00"),
                    messageID: "REF_X"
                )
            }
            let refund = try await transactions.refund(
                networkTransactionID: "NTX_REF",
                amount: TransactionFixture.usd("15.00"),
                messageID: "REF_1"
            )
            #expect(refund.type == .refund && refund.status == .success && refund.fees.isEmpty, "refund rate 0 %")
            let balance = try await fixture.account().balance
            #expect(balance == 9_500 - 4_060 + 1_500)
            let repeated = try await transactions.refund(
                networkTransactionID: "NTX_REF",
                amount: TransactionFixture.usd("15.00"),
                messageID: "REF_1"
            )
            let afterRepeat = try await fixture.account().balance
            #expect(repeated.consumeNo == refund.consumeNo && afterRepeat == balance)
            await #expect(throws: TransactionError.amountExceeds) {
                try await transactions.refund(
                    networkTransactionID: "NTX_REF",
                    amount: TransactionFixture.usd("25.01"),
                    messageID: "REF_2"
                )
            }
            #expect(try await server.verifyLedger().isClean)
        }
    }

    @Test(arguments: StoreKind.available)
    func staleAuthorizationsExpire(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server)
            let outcome = try await fixture.authorize("10.00", id: "NTX_STALE")
            #expect(try await server.services.transactions.expireHolds() == 0)
            server.clock.advance(byMs: CardTransactions.Settings().holdLifetimeMs)
            #expect(try await server.services.transactions.expireHolds() == 1)
            let expired = try await server.services.transactions.consumption(
                consumeNo: outcome.consumption.consumeNo,
                merchantNo: fixture.merchant.merchantNo
            )
            #expect(expired.status == .fail && expired.remark == "authorization expired")
            #expect(try await fixture.account() == (9_500, 0))
            await #expect(throws: TransactionError.notPending) {
                try await server.services.transactions.clear(
                    networkTransactionID: "NTX_STALE",
                    amount: nil,
                    messageID: "LATE"
                )
            }
            #expect(try await server.verifyLedger().isClean)
        }
    }

    @Test(arguments: StoreKind.available)
    func aRepeatedAuthorizationIsAnsweredOnce(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server)
            let first = try await fixture.authorize("12.00", id: "NTX_TWICE")
            let second = try await fixture.authorize("12.00", id: "NTX_TWICE")
            #expect(first.consumption.consumeNo == second.consumption.consumeNo)
            #expect(try await fixture.account().held == 1_218, "one hold of 12.00 + 0.18")
            await #expect(throws: TransactionError.unknownCard) {
                try await server.services.transactions.authorize(fixture.request("1.00", id: "X", cardNo: "C0"))
            }
            await #expect(throws: TransactionError.unknownTransaction) {
                try await server.services.transactions.clear(networkTransactionID: "NOPE", amount: nil, messageID: "M")
            }
        }
    }
}

/// The management fee of the demo package (1.00 a month) once per 30 days per card.
@Suite struct ManagementFeeTests {
    @Test(arguments: StoreKind.available)
    func aMonthlyFeeIsChargedOncePerPeriodAndFailsWhenShort(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server, balance: "1.50")
            let transactions = server.services.transactions
            let generation = await server.store.cacheGeneration()
            #expect(try await transactions.chargeManagementFees() == 0, "not due in the card's first month")
            #expect(await server.store.cacheGeneration() == generation, "a sweep with nothing due empties no cache")
            server.clock.advance(byMs: 30 * 86_400_000)
            let charged = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<5 { group.addTask { try await transactions.chargeManagementFees() } }
                return try await group.reduce(0, +)
            }
            #expect(charged == 1, "five concurrent runs charge the period once")
            #expect(try await transactions.chargeManagementFees() == 0, "once per period")
            #expect(try await fixture.account() == (50, 0))
            server.clock.advance(byMs: 30 * 86_400_000)
            #expect(try await transactions.chargeManagementFees() == 1)
            let records = try await server.store.withConnection {
                try await ConsumptionRecords($0).records(cardNo: fixture.cardNo)
            }
            let fees = records.filter { $0.type == .manageFee }
            #expect(fees.map(\.status) == [.success, .fail], "0.50 cannot pay the second 1.00")
            #expect(fees.allSatisfy { $0.amount.description == "1.00" })
            #expect(try await fixture.account() == (50, 0), "never overdrawn")
            #expect(try await server.verifyLedger().isClean)
        }
    }
}
