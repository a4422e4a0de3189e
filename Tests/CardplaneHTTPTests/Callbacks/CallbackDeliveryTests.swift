import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import HTTPTypes
import SQLKit
import Testing

/// Callbacks to a real merchant endpoint on loopback: signed, retried until acknowledged, once per
/// event, in order per card, across a server restart.
@Suite struct CallbackDeliveryTests {
    /// Runs the dispatcher until nothing is due, moving the clock past each backoff; at most `rounds`.
    static func drain(_ server: TestServer, rounds: Int = 20) async throws {
        for _ in 0..<rounds {
            try await server.services.callbacks.runOnce()
            server.clock.advance(byMs: 86_400_000)
        }
    }

    @Test(arguments: StoreKind.available)
    func everyCardUpdateArrivesOnceInOrderWithValidSignatures(_ kind: StoreKind) async throws {
        let receiver = CallbackReceiver(failFirst: 3)
        try await receiver.serve { url in
            try await TestDatabase.with(kind) { database in
                let (keyRing, clock) = (KeyRing.generate(), TestClock())
                let (setup, cards) = try await TestServer.with(database: database, keyRing: keyRing, clock: clock) {
                    server in
                    let setup = try await CardTests.setUp(server)
                    try await server.administration.setCallbackURL(url, merchantNo: setup.merchantNo)
                    let first = try await CardTests.issue(server, setup, uniqueNo: "CB_1")
                    let second = try await CardTests.issue(server, setup, uniqueNo: "CB_2")
                    for status in [CardStatus.frozen, .activated, .delete] {
                        _ = try await server.services.cards.changeStatus(
                            cardNo: first,
                            to: status,
                            merchantNo: setup.merchantNo
                        )
                    }
                    // Two rounds: the first three attempts fail, then the server stops mid-retry.
                    try await server.services.callbacks.runOnce()
                    clock.advance(byMs: 60_000)
                    try await server.services.callbacks.runOnce()
                    return (setup, [first, second])
                }
                try await TestServer.with(database: database, keyRing: keyRing, clock: clock) { server in
                    try await Self.drain(server)
                    let pending = try await server.administration.deliveries(
                        merchantNo: setup.merchantNo,
                        status: .pending,
                        limit: 100
                    )
                    #expect(pending.isEmpty, "every callback acknowledged after the restart")
                }
                try await Self.check(receiver.received, setup: setup, cards: cards)
            }
        }
    }

    /// What the merchant saw: five events, each acknowledged once, versions (`Event-Version`) in order per card,
    /// every signature valid for Swift and for the independent Python verifier.
    static func check(_ received: [CallbackReceiver.Received], setup: CardTests.Setup, cards: [String]) async throws {
        let acknowledged = received.filter(\.acknowledged)
        #expect(received.count == acknowledged.count + 3, "three refused attempts, then acknowledgements")
        var ids: [String] = []
        var versions: [String: [Int64]] = [:]
        for callback in received {
            guard case .object(let body)? = CallbackJSON(parsing: callback.body),
                case .string(let id)? = body["id"], case .object(let data)? = body["data"],
                case .string(let cardNo)? = data["card_no"],
                let version = callback.headers["Event-Version"].flatMap({ Int64($0) })
            else { throw EnvelopeReply.Unexpected(reply: callback.body) }
            #expect(data["version"] == nil, "data holds the spec's fields only; the version is a header")
            #expect(body["action"] == .string("Card_update"))
            let signature = CallbackSigner.signature(
                secret: setup.credential.apiSecret,
                appID: setup.merchantNo,
                timestamp: callback.headers["Timestamp"] ?? "",
                data: data
            )
            #expect(callback.headers["Signature"] == signature && callback.headers["Sign-Version"] == "V1")
            if callback.acknowledged {
                ids.append(id)
                versions[cardNo, default: []].append(version)
            }
        }
        #expect(Set(ids).count == ids.count && ids.count == 5, "each event acknowledged exactly once")
        #expect(versions[cards[0]] == [2, 3, 4, 5] && versions[cards[1]] == [2], "in order per card: \(versions)")
        #expect(Set(received.map(\.body)).count == 5, "a retry sends the same body, same id")
        if MerchantCipherScript.isAvailable {
            let verdict = try await CallbackVerifierScript.verify(
                received,
                secret: setup.credential.apiSecret.reveal(),
                merchantNo: setup.merchantNo
            )
            #expect(verdict == "ok \(received.count)")
        }
    }

    @Test(arguments: StoreKind.available)
    func withoutAURLCallbacksWaitAndAReplaySendsAgain(_ kind: StoreKind) async throws {
        let receiver = CallbackReceiver()
        try await receiver.serve { url in
            try await TestServer.with(kind) { server in
                let setup = try await CardTests.setUp(server)
                _ = try await CardTests.issue(server, setup, uniqueNo: "WAITING")
                try await server.services.callbacks.runOnce()
                let waiting = try await server.administration.deliveries(
                    merchantNo: setup.merchantNo,
                    status: .pending,
                    limit: 10
                )
                #expect(waiting.count == 1 && waiting[0].lastError == "no callback URL set" && waiting[0].attempts == 1)
                let recorded = try await server.store.withConnection { [eventID = waiting.first?.event.eventID] in
                    try await $0.raw("SELECT attempt, outcome FROM callback_attempt WHERE event_id = \(bind: eventID)")
                        .all().map {
                            try (
                                $0.decode(column: "attempt", as: Int.self),
                                $0.decode(column: "outcome", as: String.self)
                            )
                        }
                }
                #expect(recorded.count == 1 && recorded.first?.0 == 1 && recorded.first?.1 == "no callback URL set")
                try await server.administration.setCallbackURL(url, merchantNo: setup.merchantNo)
                try await server.services.callbacks.runOnce()
                #expect(receiver.received.count == 1 && receiver.received[0].acknowledged)
                try await server.administration.replay(eventID: waiting[0].event.eventID)
                try await server.services.callbacks.runOnce()
                #expect(receiver.received.count == 2 && receiver.received[0].body == receiver.received[1].body)
                let cardholderEvents = try await server.store.withConnection {
                    try await OutboxRecords($0).events(aggregateType: "cardholder", aggregateNo: setup.cardholderNo)
                }
                let skipped = try await server.store.withConnection { database in
                    try await OutboxRecords(database).delivery(eventID: cardholderEvents[0].eventID)
                }
                #expect(skipped?.status == .skipped, "cardholder changes have no callback (spec §8.6)")
                await #expect(throws: AdministrationError.invalidCallbackURL) {
                    try await server.administration.setCallbackURL("ftp://x", merchantNo: setup.merchantNo)
                }
            }
        }
    }
}
