import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import HTTPTypes
import Testing

/// Merchant calls in the audit log: every call that changes state and every read of card secrets,
/// with the key, the route, the object and the answer code; nothing secret.
@Suite struct AuditTrailTests {
    @Test(arguments: StoreKind.available)
    func callsThatChangeStateAreAuditedWithoutSecrets(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            let applied = try await CardTests.apply(server, setup, uniqueNo: "AUDITED_CARD")
            let cardNo = try #require(applied.data?["card_no"] as? String)
            let refused = try await server.callAuthenticated(
                .post,
                "/open-api/v1/account/transfer",
                credential: setup.credential,
                body: CardTests.json([
                    "cardholder_no": setup.cardholderNo, "transfer_unique_no": "T-TOO-MUCH", "type": "In",
                    "balance": "999999.00", "currency": "TUSDT",
                ])
            )
            #expect(refused.code != 0)
            let listed = try await server.callAuthenticated(
                .post,
                "/open-api/v1/card/list",
                credential: setup.credential,
                body: #"{"start_time":"2026-01-01","end_time":"2026-01-01"}"#
            )
            #expect(listed.code == 0, "a list is read, not audited: \(listed.raw)")
            try await server.administration.setPCIDisplay(true, merchantNo: setup.merchantNo)
            let pan = try #require(try await CardSecretsTests.privateInfo(server, setup, cardNo: cardNo)["pan"])

            // A PAN sent by mistake where a card_no belongs never reaches the log.
            let mistaken = try await server.callAuthenticated(
                .get,
                "/open-api/v1/card/\(pan)/private/info",
                credential: setup.credential
            )
            #expect(mistaken.code != 0)
            let misplaced = try await server.records(of: setup)
            #expect(misplaced.first?.object == "card_no:[redacted: card-number shape]")
            #expect(misplaced.first?.outcome == String(mistaken.code))

            let records = Array(try await server.records(of: setup).dropFirst())
            let keyID = setup.credential.key.id
            #expect(
                records.map(\.action) == [
                    "GET /open-api/v1/card/{card_no}/private/info", "POST /open-api/v1/account/transfer",
                    "POST /open-api/v1/card/apply",
                ]
            )
            #expect(records.allSatisfy { $0.actorType == "merchant" && $0.actor == keyID })
            #expect(
                records.map(\.object) == [
                    "card_no:\(cardNo)", "cardholder_no:\(setup.cardholderNo)", "cardholder_no:\(setup.cardholderNo)",
                ]
            )
            #expect(records.map(\.outcome) == ["0", String(refused.code), "0"])

            let text = misplaced.map { $0.hashedFields.joined(separator: "|") }.joined(separator: "\n")
            #expect(!text.contains(pan) && !text.contains(pan.prefix(12)), "no PAN in the audit log")
            #expect(
                !text.contains(setup.credential.apiKey.reveal()) && !text.contains(setup.credential.apiSecret.reveal())
            )
            #expect(try await server.services.audit.verify().isIntact)
        }
    }
}

extension TestServer {
    /// The audit records of `setup`'s merchant, newest first.
    fileprivate func records(of setup: CardTests.Setup) async throws -> [AuditRecord] {
        try await services.audit.list(.init(merchantNo: setup.merchantNo), limit: 100)
    }
}
