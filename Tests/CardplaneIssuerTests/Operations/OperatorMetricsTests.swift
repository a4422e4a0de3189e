import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTelemetry
import CardplaneTesting
import SQLKit
import Testing

/// `/metrics` on the operator listener: money moved and queues filled through the use cases, read
/// back as counts that must match what was done (requests: `RequestMetricsTests`).
@Suite struct OperatorMetricsTests {
    typealias Name = OperatorMetrics.Name

    /// Transfers, holds, authorizations by outcome and reason, open holds, queues, callback attempts.
    @Test(arguments: StoreKind.available)
    func moneyAndQueuesAreCounted(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let fixture = try await TransactionFixture.make(server, balance: "95.00")
            try await server.fundReserve(merchantNo: fixture.merchant.merchantNo, amount: "3.00")
            let before = try await server.metrics()
            for _ in 0..<3 {
                try await server.fundCardholder(
                    merchantNo: fixture.merchant.merchantNo,
                    cardholderNo: fixture.cardholderNo,
                    amount: "1.00"
                )
            }
            #expect(try await fixture.authorize("2.00", id: "ok-1").approved)
            #expect(try await fixture.authorize("3.00", id: "ok-2").approved)
            let declined = try await fixture.authorize("97.00", id: "too-much")
            #expect(declined.declineReason == .insufficientFunds)
            // A cardholder whose KYC decision is still to come.
            let application = try CardholderApplication(
                cardholderNo: nil,
                cardholderUniqueNo: "WAITING",
                shareToken: "sim_approved_WAITING"
            )
            _ = try await server.services.cardholders.apply(application, merchantNo: fixture.merchant.merchantNo)
            server.clock.advance(byMs: 5_000)

            let after = try await server.metrics()
            let delta = { (name: String, labels: [String: String]) in
                after.count(name, labels) - before.count(name, labels)
            }
            #expect(delta(Name.transfers, [:]) == 3)
            #expect(delta(Name.holds, [:]) == 2)
            #expect(delta(Name.authorizations, ["outcome": "approved", "reason": "none"]) == 2)
            #expect(delta(Name.authorizations, ["outcome": "declined", "reason": "insufficientFunds"]) == 1)
            #expect(delta(Name.authorizationDuration + "_count", [:]) == 3)
            #expect(after.value(Name.openHolds) == 2)

            let queues = try await Self.queues(server.store)
            #expect(queues.pendingCallbacks > 0, "the fixture's events wait: the merchant has no callback URL")
            #expect(after.value(Name.callbackQueueDepth) == Double(queues.pendingCallbacks))
            #expect((after.value(Name.callbackOldestAge) ?? 0) >= 5, "the clock moved 5 s past the oldest event")
            #expect(after.value(Name.kycQueueDepth) == 1)
            #expect(after.value(Name.cardProductionQueueDepth) == 0)

            // Without a callback URL every attempt is retried later: one count per attempt made.
            let attempted = try await server.services.callbacks.runOnce()
            #expect(attempted > 0)
            let delivered = try await server.metrics()
            #expect(delivered.count(Name.callbackDeliveries, ["outcome": "retry"]) == Double(attempted))
            #expect(try await Self.queues(server.store).attempted == attempted)
            #expect(delivered.count(Name.databaseConnectionWait + "_count") > 0)
            #expect(delivered.value(Name.databaseConnectionsInUse) == 0, "every connection went back")
        }
    }

    /// Pending callbacks and callbacks attempted at least once, straight from the outbox.
    static func queues(_ store: Store) async throws -> (pendingCallbacks: Int, attempted: Int) {
        try await store.withReader { database in
            let row = try await database.raw(
                """
                SELECT (SELECT COUNT(*) FROM outbox_event WHERE status = 'pending') AS pending,
                       (SELECT COUNT(*) FROM outbox_event WHERE attempts > 0) AS attempted
                """
            ).first()
            return (
                try row?.decode(column: "pending", as: Int.self) ?? -1,
                try row?.decode(column: "attempted", as: Int.self) ?? -1
            )
        }
    }
}
