import CardplaneApp
import CardplaneCore
import CardplaneStore
import CardplaneTesting
import Testing

@testable import CardplaneIssuer

/// One batch of holds: one transaction, each authorization decided against the spend, allowances
/// and balance the ones before it in the batch left.
@Suite struct AuthorizationHoldsTests {
    static func orders(_ fixture: TransactionFixture, _ amounts: [String]) async throws -> [AuthorizationHolds.Order] {
        let context = try await fixture.server.services.transactions.loadContext(cardNo: fixture.cardNo)
        return amounts.enumerated().map { index, amount in
            AuthorizationHolds.Order(
                request: fixture.request(amount, id: "BATCH_\(index)"),
                context: context,
                consumeNo: "CONSUME_BATCH_\(index)"
            )
        }
    }

    static func commit(
        _ fixture: TransactionFixture,
        _ orders: [AuthorizationHolds.Order]
    ) async throws
        -> [AuthorizationHolds.Outcome]
    {
        try await AuthorizationHolds.commitTogether(
            orders,
            store: fixture.server.store,
            clock: fixture.server.clock,
            holdLifetimeMs: 86_400_000
        )
    }

    @Test(arguments: StoreKind.available)
    func theWeeklyLimitCountsTheBatchItself(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let package = try await TransactionDeclineTests.limitedPackage(server)
            let fixture = try await TransactionFixture.make(server, balance: "900.00", package: package)
            let amounts = Array(repeating: "20.00", count: 8) + ["10.00"]
            let outcomes = try await Self.commit(fixture, try await Self.orders(fixture, amounts))
            let refusals = outcomes.map { outcome -> DeclineReason? in
                guard case .failure(let error) = outcome else { return nil }
                return (error as? SpendRefused)?.reason ?? .invalidAmount
            }
            #expect(
                refusals == Array(repeating: nil, count: 7) + [.overWeeklyLimit, nil],
                "140.00, then 150.00 exactly"
            )
            let held = outcomes.compactMap { try? $0.get() }.map { $0.amount.minorUnits + $0.feeTotal.minorUnits }
            #expect(try await fixture.account().held == held.reduce(0, +))
            #expect(try await server.verifyLedger().isClean)
        }
    }

    /// Demo fees: a purchase under 1.00 costs 0.10 after 3 free ones.
    @Test(arguments: StoreKind.available)
    func freeSmallPurchasesCountTheBatchItself(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server)
            let outcomes = try await Self.commit(
                fixture,
                try await Self.orders(fixture, Array(repeating: "0.50", count: 5))
            )
            let smallFees = try outcomes.map { try $0.get().fees.filter { $0.type == .smallFee }.count }
            #expect(smallFees == [0, 0, 0, 1, 1])
            #expect(try await server.verifyLedger().isClean)
        }
    }

    @Test(arguments: StoreKind.available)
    func theBalanceCountsTheBatchItself(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server, balance: "30.00")
            // 10.00 holds 10.15 (1.5 % consumption fee): two fit in 30.00, the third does not; 9.00 (9.14) does.
            let outcomes = try await Self.commit(
                fixture,
                try await Self.orders(fixture, ["10.00", "10.00", "10.00", "9.00"])
            )
            let short = outcomes.map { outcome -> Bool in
                guard case .failure(let error) = outcome else { return false }
                if case LedgerError.insufficientFunds = error { return true }
                return false
            }
            #expect(short == [false, false, true, false])
            #expect(try await fixture.account().held == 1_015 + 1_015 + 914)
            #expect(try await server.verifyLedger().isClean)
        }
    }
}
