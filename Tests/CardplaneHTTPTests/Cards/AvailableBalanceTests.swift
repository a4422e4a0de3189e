import CardplaneCore
import CardplaneStore
import CardplaneTesting
import Foundation
import HTTPTypes
import Testing

/// `balance` is what the cardholder can spend: posted less open holds, with the holds beside it as
/// `pending_balance` (spec §13). Walked through an authorization's clearing, reversal and expiry.
@Suite struct AvailableBalanceTests {
    @Test(arguments: StoreKind.available)
    func balanceIsAvailableThroughAHoldsLife(_ kind: StoreKind) async throws {
        try await TestServer.with(kind, configuration: SimulatorAndConsumptionTests.sandbox) { server in
            let setup = try await CardTests.setUp(server)
            let cardNo = try await CardTests.issue(server, setup, uniqueNo: "AVAILABLE_CARD")
            let start = try await Self.account(server, setup)
            #expect(start.pending == Self.cents("0.00"), "no hold yet")

            let authorized = try await server.simulate("authorize", ["card_no": cardNo, "amount": "40.00"])
            let networkID = try #require(authorized.json["network_transaction_id"] as? String, "\(authorized.json)")
            let held = try await Self.account(server, setup)
            #expect(held.pending > Self.cents("40.00"), "the hold covers the amount and its fee")
            #expect(held.balance == start.balance - held.pending, "balance is posted less the hold")

            let posted = Amount(minorUnits: start.balance, scale: 2).description
            let tooMuch = try await Self.transfer(server, setup, "AVAILABLE_OUT_1", "Out", posted)
            #expect(tooMuch.code == 3002, "the held money cannot leave: \(tooMuch.raw)")
            let available = Amount(minorUnits: held.balance, scale: 2).description
            let out = try await Self.transfer(server, setup, "AVAILABLE_OUT_2", "Out", available)
            #expect(out.code == 0, "\(out.raw)")
            #expect(
                out.data?["before_balance"] as? String == available && out.data?["after_balance"] as? String == "0.00"
            )

            _ = try await server.simulate("clear", ["network_transaction_id": networkID])
            let cleared = try await Self.account(server, setup)
            #expect(cleared.balance == 0 && cleared.pending == 0, "clearing posts the hold: \(cleared)")

            let funded = try await Self.transfer(server, setup, "AVAILABLE_IN", "In", "10.00")
            #expect(
                funded.data?["before_balance"] as? String == "0.00"
                    && funded.data?["after_balance"] as? String == "10.00"
            )
            let reversed = try await server.simulate("authorize", ["card_no": cardNo, "amount": "5.00"])
            #expect(try await Self.account(server, setup).balance < Self.cents("10.00"))
            _ = try await server.simulate(
                "reverse",
                ["network_transaction_id": try #require(reversed.json["network_transaction_id"] as? String)]
            )
            // The hold is released; a reversal below 10.00 costs the demo package's 0.50 cancel fee.
            let afterReversal = try await Self.account(server, setup)
            #expect(afterReversal == Balances(balance: Self.cents("9.50"), pending: 0))

            _ = try await server.simulate("authorize", ["card_no": cardNo, "amount": "3.00"])
            #expect(try await Self.account(server, setup).pending > 0)
            server.clock.advance(byMs: 8 * 86_400_000)
            #expect(try await server.simulate("expire", [:]).json["expired"] as? Int == 1)
            #expect(try await Self.account(server, setup) == afterReversal, "an expired hold is released whole")
            #expect(try await server.verifyLedger().isClean)
        }
    }

    struct Balances: Equatable, CustomStringConvertible {
        var balance: Int64
        var pending: Int64
        var description: String { "balance \(balance), pending \(pending) (cents)" }
    }

    static func cents(_ text: String) -> Int64 { Amount(parsing: text, scale: 2)!.minorUnits }

    /// The account's `balance` and `pending_balance`, checking the other fields agree with them.
    static func account(_ server: TestServer, _ setup: CardTests.Setup) async throws -> Balances {
        let reply = try await server.callAuthenticated(
            .get,
            "/open-api/v1/account/\(setup.cardholderNo)/info",
            credential: setup.credential
        )
        let row = try #require((reply.data?["list"] as? [[String: Any]])?.first, "\(reply.raw)")
        let balance = try #require(row["balance"] as? String)
        #expect(row["usd_balance"] as? String == balance)
        let info = try await server.callAuthenticated(
            .get,
            "/open-api/v1/cardholder/\(setup.cardholderNo)/info",
            credential: setup.credential
        )
        #expect(info.data?["total_balance"] as? String == balance, "cardholder info sums available balances")
        return Balances(balance: cents(balance), pending: cents(try #require(row["pending_balance"] as? String)))
    }

    static func transfer(
        _ server: TestServer,
        _ setup: CardTests.Setup,
        _ uniqueNo: String,
        _ type: String,
        _ amount: String
    ) async throws -> EnvelopeReply {
        try await server.callAuthenticated(
            .post,
            "/open-api/v1/account/transfer",
            credential: setup.credential,
            body: TransferTests.body(setup.cardholderNo, uniqueNo, type, #""\#(amount)""#)
        )
    }
}
