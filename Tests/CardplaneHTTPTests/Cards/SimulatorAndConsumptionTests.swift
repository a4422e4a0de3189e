import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import HTTPTypes
import Testing

/// The simulator's routes drive a lifecycle by `card_no`; the merchant reads it through the
/// consumption API and receives it as signed `Consumption` callbacks.
@Suite struct SimulatorAndConsumptionTests {
    static var sandbox: ServerConfiguration {
        var configuration = TestServer.configuration
        configuration.sandbox = true
        return configuration
    }

    @Test(arguments: StoreKind.available)
    func aForeignPurchaseIsClearedRefundedAndListed(_ kind: StoreKind) async throws {
        try await TestServer.with(kind, configuration: Self.sandbox) { server in
            let setup = try await CardTests.setUp(server)
            let cardNo = try await CardTests.issue(server, setup, uniqueNo: "SIM_CARD")
            let authorized = try await server.simulate(
                "authorize",
                [
                    "card_no": cardNo, "amount": "20.00", "currency": "EUR", "merchant_name": "Café de Flore",
                    "country": "FR",
                ]
            )
            #expect(authorized.status == 200 && authorized.json["approved"] as? Bool == true, "\(authorized.json)")
            let networkID = try #require(authorized.json["network_transaction_id"] as? String)
            let consumeNo = try #require(authorized.json["consume_no"] as? String)
            let cleared = try await server.simulate("clear", ["network_transaction_id": networkID])
            #expect(cleared.status == 200 && cleared.json["status"] as? String == "Success")
            let refunded = try await server.simulate(
                "refund",
                ["network_transaction_id": networkID, "amount": "5.00", "message_id": "REFUND_1"]
            )
            #expect(refunded.status == 200 && refunded.json["type"] as? String == "Refund")
            #expect(try await server.simulate("reverse", ["network_transaction_id": networkID]).status == 409)
            #expect(try await server.simulate("clear", ["network_transaction_id": "none"]).status == 404)
            #expect(try await server.simulate("authorize", ["card_no": cardNo]).status == 400)

            let info = try await server.callAuthenticated(
                .get,
                "/open-api/v1/card/consume/\(consumeNo)/info",
                credential: setup.credential
            )
            #expect(info.code == 0 && info.data?["amount"] as? String == "21.60", "EUR 20.00 at 1.08: \(info.raw)")
            #expect(
                info.data?["local_amount"] as? String == "20.00" && info.data?["local_currency"] as? String == "EUR"
            )
            let fees = (info.data?["fee_list"] as? [[String: Any]] ?? []).compactMap { $0["fee_type"] as? String }
            #expect(fees == ["Consume_fee", "Exchange_fee"] && info.data?["fee"] as? String == "0.54")
            #expect((info.data?["merchant_info"] as? [String: Any])?["merchant_name"] as? String == "Café de Flore")
            let missing = try await server.callAuthenticated(
                .get,
                "/open-api/v1/card/consume/E000000000000000000/info",
                credential: setup.credential
            )
            #expect(missing.code == 4009 && missing.msg == "Card transaction record not found")
            // The list reads days in the default Timezone, UTC+8 (spec §13): after 16:00 UTC it is tomorrow.
            let day = CivilDate(unixDays: (server.clock.nowMs() + 8 * 3_600_000) / 86_400_000)
            let list = try await server.callAuthenticated(
                .post,
                "/open-api/v1/card/consume/list",
                credential: setup.credential,
                body: CardTests.json(["start_time": day.isoText, "end_time": day.isoText, "card_no": cardNo])
            )
            let rows = list.data?["list"] as? [[String: Any]] ?? []
            let types = rows.compactMap { $0["type"] as? String }
            #expect(list.code == 0 && Set(types) == ["Open_card", "Consumption", "Refund"], "\(list.raw)")
            // A row is the spec's six fields (§4.11), and each says what the stored record says.
            for row in rows {
                #expect(Set(row.keys) == ["consume_no", "card_no", "type", "amount", "status", "time"], "\(row)")
                let rowNo = row["consume_no"] as? String ?? ""
                let stored = try #require(
                    try await server.store.withReader { try await ConsumptionRecords($0).record(consumeNo: rowNo) }
                )
                #expect(row["card_no"] as? String == cardNo && row["type"] as? String == stored.type.rawValue)
                #expect(row["amount"] as? String == stored.amount.description, "\(row)")
                #expect(row["status"] as? String == stored.status.rawValue, "\(row)")
                #expect((row["time"] as? NSNumber)?.int64Value == stored.createdAtMs, "\(row)")
            }
            #expect(try await server.verifyLedger().isClean)
        }
    }

    @Test(arguments: StoreKind.available)
    func consumptionCallbacksCarryExactAmountsAndVerify(_ kind: StoreKind) async throws {
        let receiver = CallbackReceiver()
        try await receiver.serve { url in
            try await TestServer.with(kind, configuration: Self.sandbox) { server in
                let setup = try await CardTests.setUp(server)
                try await server.administration.setCallbackURL(url, merchantNo: setup.merchantNo)
                let cardNo = try await CardTests.issue(server, setup, uniqueNo: "HOOKED")
                let authorized = try await server.simulate("authorize", ["card_no": cardNo, "amount": "50.00"])
                #expect(authorized.json["approved"] as? Bool == true)
                let networkID = try #require(authorized.json["network_transaction_id"] as? String)
                #expect(try await server.simulate("clear", ["network_transaction_id": networkID]).status == 200)
                try await server.services.callbacks.runOnce()
                try await server.services.callbacks.runOnce()  // version 2 waits for version 1
                let consumptions = receiver.received.filter { $0.body.contains(#""action":"Consumption""#) }
                #expect(consumptions.count == 2, "created, then cleared")
                #expect(consumptions.last?.body.contains(#""amount":50.00"#) == true, "amounts keep their scale")
                #expect(consumptions.last?.body.contains(#""status":"Success""#) == true)
                if MerchantCipherScript.isAvailable {
                    let verdict = try await CallbackVerifierScript.verify(
                        receiver.received,
                        secret: setup.credential.apiSecret.reveal(),
                        merchantNo: setup.merchantNo
                    )
                    #expect(verdict == "ok \(receiver.received.count)")
                }
            }
        }
    }

    @Test func theSimulatorIsOffWithoutSandbox() async throws {
        try await TestServer.with(.sqlite) { server async throws in
            let reply = try await server.simulate("expire", [:])
            #expect(reply.json["expired"] == nil && reply.json["code"] as? Int == 1004, "no such route: \(reply.json)")
        }
    }
}
