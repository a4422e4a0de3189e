import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// What the console shows of activity: a declined payment and its reason, a callback replayed to
/// the merchant, and never a secret on any page it rendered.
@Suite struct ConsoleActivityTests {
    static var sandbox: ServerConfiguration {
        var configuration = TestServer.configuration
        configuration.sandbox = true
        return configuration
    }

    @Test(arguments: StoreKind.available)
    func aDeclineShowsItsReasonAndACallbackIsReplayed(_ kind: StoreKind) async throws {
        let receiver = CallbackReceiver()
        try await receiver.serve { url in
            try await TestServer.with(kind, configuration: Self.sandbox) { server in
                try await ConsoleTests.accounts(server)
                let setup = try await CardTests.setUp(server)
                try await server.administration.setCallbackURL(url, merchantNo: setup.merchantNo)
                let cardNo = try await CardTests.issue(server, setup, uniqueNo: "CONSOLE")
                let answer = try await server.client.execute(
                    uri: "/simulator/v1/authorize",
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: ByteBuffer(
                        string: #"{"card_no":"\#(cardNo)","amount":"9999.00","network_transaction_id":"ntx_c"}"#
                    )
                ) { String(buffer: $0.body) }
                let declined = try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any]
                let consumeNo = try #require(declined?["consume_no"] as? String, "\(answer)")
                let reason = try #require(declined?["decline_reason"] as? String, "declined: \(answer)")
                try await server.services.callbacks.runOnce()
                let sent = receiver.received.count
                #expect(sent >= 1)

                try await server.withConsole { console in
                    try await console.signIn(name: "alice", password: ConsoleTests.adminPassword)
                    let failed = try await console.get("/console/payments?status=Fail&merchant=\(setup.merchantNo)")
                    #expect(failed.status == 200 && failed.body.contains(consumeNo))
                    #expect(failed.body.contains(reason), "the list names the reason")
                    let payment = try await console.get("/console/payments/\(consumeNo)")
                    #expect(payment.body.contains(#"<dd id="decline-reason">\#(reason)</dd>"#))
                    #expect(payment.body.contains("consumption.created"), "the callback it caused")

                    let overview = try await console.get("/console")
                    #expect(overview.body.contains(#"<span class="figure" id="authorizations">1</span>"#))
                    #expect(overview.body.contains(reason), "the decline-reasons chart")

                    let callbacks = try await console.get("/console/callbacks?merchant=\(setup.merchantNo)")
                    let eventID = try #require(
                        callbacks.body.components(separatedBy: #"id="replay-"#).dropFirst().first?.prefix { $0 != "\"" }
                    )
                    let replayed = try await console.post(
                        "/console/callbacks/\(eventID)/replay",
                        form: ["csrf": try await console.csrf()]
                    )
                    #expect(replayed.status == 303)
                    try await server.services.callbacks.runOnce()
                    #expect(receiver.received.count == sent + 1, "the merchant got it again")
                    #expect(receiver.received.last?.body.contains(String(eventID)) == true)

                    for path in ["/console/merchants", "/console/merchants/\(setup.merchantNo)", "/console/callbacks"] {
                        #expect(try await console.get(path).status == 200)
                    }
                    Self.expectNoSecret(in: console.pages, setup: setup)
                }
            }
        }
    }

    /// Neither the merchant's Api-Key (beyond its prefix) nor its apiSecret, nor a card number, on
    /// any page the console sent.
    static func expectNoSecret(in pages: [String], setup: CardTests.Setup) {
        let apiKey = setup.credential.apiKey.reveal()
        let secret = setup.credential.apiSecret.reveal()
        let cardNumber = /\b[0-9]{13,19}\b/
        for page in pages {
            #expect(!page.contains(apiKey) && !page.contains(secret))
            #expect(page.firstMatch(of: cardNumber) == nil, "a digit run shaped like a PAN")
        }
        #expect(pages.count > 5)
    }
}
