import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import Testing

/// Concurrent authorizations on one card never pass a limit together: each is checked against the
/// spend of the ones that were approved before it.
@Suite struct LimitConcurrencyTests {
    /// Sends `count` authorizations of `amount` at once; returns how many were approved and the
    /// decline reasons of the rest.
    static func race(
        _ fixture: TransactionFixture,
        _ count: Int,
        _ amount: String,
        kind: SpendKind
    ) async throws -> (approved: Int, reasons: [DeclineReason?]) {
        try await withThrowingTaskGroup(of: CardTransactions.Outcome.self) { group in
            for index in 0..<count {
                group.addTask { try await fixture.authorize(amount, id: "RACE_\(kind)_\(index)", kind: kind) }
            }
            var approved = 0
            var reasons: [DeclineReason?] = []
            for try await outcome in group {
                if outcome.approved { approved += 1 } else { reasons.append(outcome.declineReason) }
            }
            return (approved, reasons)
        }
    }

    @Test(arguments: StoreKind.available)
    func fiftyPurchasesAgainstTheWeeklyLimitApproveExactlyTheOnesThatFit(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let package = try await TransactionDeclineTests.limitedPackage(server)
            let fixture = try await TransactionFixture.make(server, balance: "900.00", package: package)
            let (approved, reasons) = try await Self.race(fixture, 50, "10.00", kind: .purchase)
            #expect(approved == 15, "150.00 a week in 10.00 purchases")
            #expect(reasons.allSatisfy { $0 == .overWeeklyLimit }, "\(reasons)")
            #expect(try await server.verifyLedger().isClean)
        }
    }

    @Test(arguments: StoreKind.available)
    func fiftyWithdrawalsAgainstTheATMDailyLimitApproveExactlyTheOnesThatFit(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let package = try await TransactionDeclineTests.limitedPackage(server)
            let fixture = try await TransactionFixture.make(server, balance: "900.00", package: package)
            let (approved, reasons) = try await Self.race(fixture, 50, "5.00", kind: .atm)
            #expect(approved == 10, "50.00 a day in 5.00 withdrawals")
            #expect(reasons.allSatisfy { $0 == .overATMDailyLimit }, "\(reasons)")
            #expect(try await server.verifyLedger().isClean)
        }
    }

    /// A network that sends one authorization twenty times at once gets one record, one hold.
    @Test(arguments: StoreKind.available)
    func repeatsOfOneNetworkIDAtOnceHoldOnce(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server)
            let outcomes = try await withThrowingTaskGroup(of: CardTransactions.Outcome.self) { group in
                for _ in 0..<20 { group.addTask { try await fixture.authorize("10.00", id: "SAME_ID") } }
                var outcomes: [CardTransactions.Outcome] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            let numbers = Set(outcomes.map(\.consumption.consumeNo))
            #expect(numbers.count == 1, "every repeat answers the one record")
            #expect(outcomes.allSatisfy { $0.approved })
            #expect(try await fixture.account().held == 1_015, "10.00 and its 1.5 % fee, held once")
            #expect(try await server.verifyLedger().isClean)
        }
    }
}
