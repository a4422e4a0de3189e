import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `Idempotency-Key` on the Open API's `POST`s (spec §13), on both stores.
@Suite struct IdempotencyKeyTests {
    static let transferPath = TransferTests.transferPath

    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    static func transfer(_ cardholderNo: String, _ uniqueNo: String, _ type: String, _ amount: String) -> String {
        TransferTests.body(cardholderNo, uniqueNo, type, #""\#(amount)""#)
    }

    static func balance(
        _ server: TestServer,
        _ credential: IssuedCredential,
        _ cardholderNo: String
    ) async throws
        -> String?
    {
        let info = try await server.callAuthenticated(
            .get,
            "/open-api/v1/account/\(cardholderNo)/info",
            credential: credential
        )
        return (info.data?["list"] as? [[String: Any]])?.first?["balance"] as? String
    }

    /// A transfer sent twice with one key moves money once; the second answer is the first's bytes,
    /// marked as a replay, even in another language.
    @Test(arguments: StoreKind.available)
    func aRepeatedSuccessIsReplayedNotRun(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (credential, cardholderNo) = try await TransferTests.setUp(server)
            let body = Self.transfer(cardholderNo, "IDEM_1", "In", "2.50")
            let first = try await server.post(Self.transferPath, body, as: credential, key: "key-1")
            #expect(first.code == 0, "\(first.raw)")
            #expect(first.headers[Self.replayed] == nil)
            let again = try await server.post(Self.transferPath, body, as: credential, key: "key-1", language: "zh_CN")
            #expect(again.raw == first.raw)
            #expect(again.headers[Self.replayed] == "true")
            #expect(again.headers[HTTPField.Name("RateLimit-Limit")!] != nil, "a replay still spends a token")
            #expect(try await Self.balance(server, credential, cardholderNo) == "12.50")
            // Without the key the same body runs again, and the reference number answers for itself.
            let unkeyed = try await server.callAuthenticated(
                .post,
                Self.transferPath,
                credential: credential,
                body: body
            )
            #expect(unkeyed.code == 3004)
        }
    }

    /// An error is kept too: after the cardholder is funded, the same key still answers the first
    /// 3002, byte for byte, and nothing runs; a new key runs.
    @Test(arguments: StoreKind.available)
    func aRepeatedErrorIsReplayedNotRun(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (credential, cardholderNo) = try await TransferTests.setUp(server)
            let body = Self.transfer(cardholderNo, "IDEM_OUT", "Out", "15.00")
            let first = try await server.post(Self.transferPath, body, as: credential, key: "out-1")
            #expect(first.code == 3002)
            try await server.fundCardholder(
                merchantNo: credential.key.merchantNo,
                cardholderNo: cardholderNo,
                amount: "10.00"
            )
            let replay = try await server.post(Self.transferPath, body, as: credential, key: "out-1")
            #expect(replay.raw == first.raw && replay.code == 3002)
            #expect(replay.headers[Self.replayed] == "true")
            let fresh = try await server.post(Self.transferPath, body, as: credential, key: "out-2")
            #expect(fresh.code == 0 && fresh.data?["after_balance"] as? String == "5.00", "\(fresh.raw)")
        }
    }

    /// The same key with another body, or on another route, is 1004 `Idempotency-Key` and runs
    /// nothing; a malformed key is 1004 too; other merchants' keys are their own.
    @Test(arguments: StoreKind.available)
    func otherRequestsAndMalformedKeysAre1004(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (credential, cardholderNo) = try await TransferTests.setUp(server)
            let first = try await server.post(
                Self.transferPath,
                Self.transfer(cardholderNo, "IDEM_A", "In", "1.00"),
                as: credential,
                key: "shared"
            )
            #expect(first.code == 0)
            let otherBody = try await server.post(
                Self.transferPath,
                Self.transfer(cardholderNo, "IDEM_B", "In", "1.00"),
                as: credential,
                key: "shared"
            )
            #expect(otherBody.code == 1004 && otherBody.msg.contains("Idempotency-Key"), "\(otherBody.raw)")
            let inChinese = try await server.post(
                Self.transferPath,
                Self.transfer(cardholderNo, "IDEM_B", "In", "1.00"),
                as: credential,
                key: "shared",
                language: "zh_CN"
            )
            #expect(inChinese.code == 1004 && inChinese.msg == "Idempotency-Key: 请求参数无效", "\(inChinese.raw)")
            let otherRoute = try await server.post("/open-api/v1/cardholder/list", "{}", as: credential, key: "shared")
            #expect(otherRoute.code == 1004 && otherRoute.msg.contains("Idempotency-Key"))
            #expect(try await Self.balance(server, credential, cardholderNo) == "11.00")
            for malformed in ["", String(repeating: "k", count: 256), "tab\tinside", "caf\u{E9}"] {
                let reply = try await server.post(
                    "/open-api/v1/card/package/list",
                    "{}",
                    as: credential,
                    key: malformed
                )
                #expect(reply.code == 1004 && reply.msg.contains("Idempotency-Key"), "\(malformed.utf8.count) bytes")
            }
            let longest = try await server.post(
                "/open-api/v1/card/package/list",
                "{}",
                as: credential,
                key: " ~" + String(repeating: "k", count: 253)
            )
            #expect(longest.code == 0)
            let other = try await server.onboard(mode: .creditExtension)
            let theirs = try await server.post(
                "/open-api/v1/card/package/list",
                "{}",
                as: other.credential,
                key: "shared"
            )
            #expect(theirs.code == 0 && theirs.headers[Self.replayed] == nil)
        }
    }

    /// Eight copies of one keyed transfer at once, each on a connection of its own (one pipelined
    /// connection would serialise them): one runs, the others wait for it and replay its answer;
    /// the money moves once.
    @Test(arguments: StoreKind.available)
    func concurrentDuplicatesRunOnce(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (credential, cardholderNo) = try await TransferTests.setUp(server)
            let port = try #require(server.client.port)
            let token = try await server.accessToken(for: credential)
            var headers = server.headers(apiKey: credential.apiKey.reveal(), accessToken: token)
            headers[HTTPField.Name("Idempotency-Key")!] = "race"
            let fields = headers.map { ($0.name.rawName, $0.value) }
            let body = Self.transfer(cardholderNo, "IDEM_RACE", "In", "3.00")
            let replies = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
                for _ in 0..<8 {
                    group.addTask { try await Self.postAlone(port: port, path: Self.transferPath, fields, body) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.count == 8)
            #expect(Set(replies.map(\.0)).count == 1, "\(Set(replies.map(\.0)))")
            #expect(replies.first?.0.contains(#""code":0"#) == true)
            #expect(replies.filter(\.1).count == 7, "seven replayed")
            #expect(try await Self.balance(server, credential, cardholderNo) == "13.00")
            #expect(try await server.verifyLedger().isClean)
        }
    }

    /// `POST path` on a new connection; the body and whether `Idempotent-Replayed` was `true`.
    static func postAlone(
        port: Int,
        path: String,
        _ fields: [(String, String)],
        _ body: String
    ) async throws
        -> (String, Bool)
    {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.timeoutInterval = 60
        for (name, value) in fields { request.setValue(value, forHTTPHeaderField: name) }
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        let replayed = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Idempotent-Replayed") == "true"
        return (String(decoding: data, as: UTF8.self), replayed)
    }

    /// A key outlives the server that answered it: the next server on the same database replays
    /// the answer. A day later the key is forgotten and runs again.
    @Test(arguments: StoreKind.available)
    func aKeyIsKeptAcrossARestartForADay(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyRing = KeyRing.generate()
            let clock = TestClock()
            let (credential, cardholderNo, first) = try await TestServer.with(
                database: database,
                keyRing: keyRing,
                clock: clock
            ) { server async throws -> (IssuedCredential, String, String) in
                let (credential, cardholderNo) = try await TransferTests.setUp(server)
                let reply = try await server.post(
                    Self.transferPath,
                    Self.transfer(cardholderNo, "IDEM_RESTART", "In", "4.00"),
                    as: credential,
                    key: "restart"
                )
                #expect(reply.code == 0)
                return (credential, cardholderNo, reply.raw)
            }
            try await TestServer.with(database: database, keyRing: keyRing, clock: clock) { server in
                let body = Self.transfer(cardholderNo, "IDEM_RESTART", "In", "4.00")
                let replay = try await server.post(Self.transferPath, body, as: credential, key: "restart")
                #expect(replay.raw == first)
                #expect(try await Self.balance(server, credential, cardholderNo) == "14.00")
                clock.advance(byMs: IdempotentRequests.retentionMs + 1)
                await server.services.housekeeping.runOnce()
                let dayLater = try await server.post(Self.transferPath, body, as: credential, key: "restart")
                #expect(dayLater.code == 3004, "the key is forgotten; the reference number still holds")
            }
        }
    }
}

extension TestServer {
    /// POSTs `body` to `path` as the merchant of `credential`, with `Idempotency-Key: key`.
    fileprivate func post(
        _ path: String,
        _ body: String,
        as credential: IssuedCredential,
        key: String,
        language: String? = nil
    ) async throws -> EnvelopeReply {
        try await callAuthenticated(
            .post,
            path,
            credential: credential,
            body: body,
            language: language,
            idempotencyKey: key
        )
    }
}
