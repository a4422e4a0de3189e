import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneNetwork
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import HTTPTypes
import SQLKit
import Testing

/// `card/status/update`, `card/list` and `card/{no}/detail` over HTTP, on both stores.
@Suite struct CardStatusTests {
    static let path = "/open-api/v1/card/status/update"

    static func update(
        _ server: TestServer,
        _ setup: CardTests.Setup,
        _ cardNo: String,
        _ status: String
    ) async throws
        -> EnvelopeReply
    {
        try await server.callAuthenticated(
            .post,
            path,
            credential: setup.credential,
            body: #"{"card_no":"\#(cardNo)","status":"\#(status)"}"#
        )
    }

    @Test(arguments: StoreKind.available)
    func freezeUnfreezeDeleteWriteEvents(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            let cardNo = try await CardTests.issue(server, setup, uniqueNo: "STATUS")
            for status in ["Frozen", "Activated", "Frozen", "Delete"] {
                let reply = try await Self.update(server, setup, cardNo, status)
                #expect(reply.code == 0 && reply.data?["result"] as? Bool == true, "\(reply.raw)")
            }
            let card = try await server.services.cards.requireCard(no: cardNo, merchantNo: setup.merchantNo)
            #expect(card.status == .delete)
            let events = try await server.store.withConnection {
                try await OutboxRecords($0).events(aggregateType: "card", aggregateNo: cardNo)
            }
            #expect(
                events.map(\.aggregateVersion) == [2, 3, 4, 5, 6],
                "issued, then four changes, each a new version"
            )
            #expect(events[1].payload.contains(#""before_status":"Activated""#))
            #expect(events[1].payload.contains(#""reason":"frozen by merchant""#))
            #expect(events[4].payload.contains(#""after_status":"Delete""#))
        }
    }

    /// The card detail is served from a per-process cache (ADR 0012), yet shows every change at once:
    /// a freeze through the API, and a change written straight into the database by another process
    /// (here, raw SQL on the package and the card).
    @Test(arguments: StoreKind.available)
    func detailShowsEveryChangeAtOnce(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            let cardNo = try await CardTests.issue(server, setup, uniqueNo: "CACHED")
            func detail() async throws -> [String: Any] {
                let path = "/open-api/v1/card/\(cardNo)/detail"
                let reply = try await server.callAuthenticated(.get, path, credential: setup.credential)
                return try #require(reply.data, "\(reply.raw)")
            }
            #expect(try await detail()["status"] as? String == "Activated")
            #expect(try await detail()["status"] as? String == "Activated", "now from the cache")
            // The memoized JSON is the envelope's own encoding, in either language.
            for (language, message) in [("en_US", "Success"), ("zh_CN", "成功")] {
                let path = "/open-api/v1/card/\(cardNo)/detail"
                let reply = try await server.callAuthenticated(
                    .get,
                    path,
                    credential: setup.credential,
                    language: language
                )
                let data = try JSONSerialization.data(
                    withJSONObject: try #require(reply.data),
                    options: [.sortedKeys, .withoutEscapingSlashes]
                )
                let expected = #"{"code":0,"data":"# + String(decoding: data, as: UTF8.self) + #","msg":"\#(message)"}"#
                #expect(reply.raw == expected)
            }
            _ = try await Self.update(server, setup, cardNo, "Frozen")
            #expect(try await detail()["status"] as? String == "Frozen")
            // Hand-written SQL: the triggers move the generation, and on PostgreSQL notify the
            // listening server; waiting for it to hear is what `cardplane` does after its writes.
            try await server.store.withConnection { database in
                try await database.raw("UPDATE card_package SET name_en = 'Renamed Classic'").run()
            }
            await server.store.awaitCacheListeners()
            #expect(try await detail()["package_name_en"] as? String == "Renamed Classic")
            try await server.store.withConnection { database in
                try await database.raw("UPDATE card SET status = 'Activated' WHERE card_no = \(bind: cardNo)").run()
            }
            await server.store.awaitCacheListeners()
            #expect(try await detail()["status"] as? String == "Activated")
        }
    }

    @Test(arguments: StoreKind.available)
    func statusCodes(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            let cardNo = try await CardTests.issue(server, setup, uniqueNo: "CODES")
            let unsupported = try await Self.update(server, setup, cardNo, "Pending")
            #expect(unsupported.code == 4013 && unsupported.msg == "Card status not supported")
            let missing = try await server.callAuthenticated(
                .post,
                Self.path,
                credential: setup.credential,
                body: #"{"card_no":"\#(cardNo)"}"#
            )
            #expect(missing.code == 1004 && missing.msg == "status: Invalid request parameter")
            let sameStatus = try await Self.update(server, setup, cardNo, "Activated")
            #expect(sameStatus.code == 4005 && sameStatus.msg == "Card status does not allow this operation")
            #expect(try await Self.update(server, setup, "C20260101000000000", "Frozen").code == 4004)
            _ = try await Self.update(server, setup, cardNo, "Delete")
            #expect(try await Self.update(server, setup, cardNo, "Activated").code == 4005, "Delete is terminal")

            let other = try await CardTests.setUp(server)
            let othersCard = try await Self.update(server, other, cardNo, "Frozen")
            #expect(othersCard.code == 4004 && othersCard.msg == "Card does not exist")
        }
    }

    @Test(arguments: StoreKind.available)
    func providerRefusingAChangeIs4007AndChangesNothing(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            let cardNo = try await CardTests.issue(server, setup, uniqueNo: SimulatedCardProvider.unstablePrefix + "_1")
            let reply = try await Self.update(server, setup, cardNo, "Frozen")
            #expect(reply.code == 4007, "\(reply.raw)")
            let card = try await server.services.cards.requireCard(no: cardNo, merchantNo: setup.merchantNo)
            #expect(card.status == .activated && card.version == 2)
        }
    }

    @Test(arguments: StoreKind.available)
    func listFiltersAndCardholderInfoShowCards(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let clock = TestClock(nowMs: 1_767_225_600_000)  // 2026-01-01T00:00:00Z, 08:00 in UTC+8
            try await TestServer.with(database: database, keyRing: .generate(), clock: clock) { server in
                let setup = try await CardTests.setUp(server)
                let first = try await CardTests.issue(server, setup, uniqueNo: "LIST_1")
                clock.advance(byMs: 1)
                let second = try await CardTests.issue(server, setup, uniqueNo: "LIST_2")
                func list(_ filter: String) async throws -> [[String: Any]] {
                    let reply = try await server.callAuthenticated(
                        .post,
                        "/open-api/v1/card/list",
                        credential: setup.credential,
                        body: #"{"start_time":"2026-01-01","end_time":"2026-01-01"\#(filter)}"#
                    )
                    #expect(reply.code == 0, "\(filter): \(reply.raw)")
                    return reply.data?["list"] as? [[String: Any]] ?? []
                }
                let all = try await list("")
                #expect(all.compactMap { $0["card_no"] as? String } == [second, first], "newest first")
                #expect(all.first?["card_unique_no"] as? String == "LIST_2")
                #expect(
                    all.first?["status"] as? String == "Activated" && all.first?["card_type"] as? String == "Virtual"
                )
                #expect(try await list(#","card_unique_no":"LIST_1""#).count == 1)
                #expect(try await list(#","card_no":"\#(second)""#).count == 1)
                #expect(try await list(#","cardholder_no":"U2026""#).isEmpty)
                let info = try await server.callAuthenticated(
                    .get,
                    "/open-api/v1/cardholder/\(setup.cardholderNo)/info",
                    credential: setup.credential
                )
                let cards = info.data?["card_list"] as? [[String: Any]] ?? []
                #expect(cards.compactMap { $0["card_no"] as? String } == [first, second], "\(info.raw)")
            }
        }
    }
}
