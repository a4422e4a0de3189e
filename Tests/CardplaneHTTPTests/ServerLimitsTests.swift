import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The server's own limits: idle connections are closed, a request has a deadline, and answers are
/// never cached or sniffed.
@Suite struct ServerLimitsTests {
    /// A TCP connection to loopback `port` that sends nothing.
    static func idleConnection(to port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw EnvelopeReply.Unexpected(reply: "socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { throw EnvelopeReply.Unexpected(reply: "connect failed") }
        return descriptor
    }

    /// Whether the server closed `descriptor` (a read returns end of file), waiting at most 5 s.
    static func isClosedByServer(_ descriptor: Int32) -> Bool {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, 0) == 0
    }

    @Test func idleConnectionsDoNotStopARequestAndAreClosed() async throws {
        var configuration = TestServer.configuration
        configuration.idleTimeoutMs = 1_000
        try await TestServer.with(.sqlite, configuration: configuration) { server in
            let port = try #require(server.client.port)
            let idle = try (0..<200).map { _ in try Self.idleConnection(to: port) }
            defer { for descriptor in idle { close(descriptor) } }
            let merchant = try await server.onboard()
            // A connection of its own: the test client's kept-alive one may itself have idled past
            // the 1 s timeout on a loaded machine, and a request racing that close is never answered.
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/open-api/v1/merchant/token")!)
            for field in server.headers(apiKey: merchant.credential.apiKey.reveal()) {
                request.setValue(field.value, forHTTPHeaderField: field.name.rawName)
            }
            let session = URLSession(configuration: .ephemeral)
            defer { session.finishTasksAndInvalidate() }
            let (data, _) = try await session.data(for: request)
            #expect(String(decoding: data, as: UTF8.self).contains(#""access_token""#))
            let closed = idle.filter(Self.isClosedByServer).count
            #expect(closed == 200, "every idle connection closed after the idle timeout; \(closed) were")
        }
    }

    /// The card is issued by a server with the default deadline (a loaded machine may take seconds
    /// over it); a restart with a 1 s deadline then meets a merchant that takes 10 s to answer `Auth` (the bound
    /// allows for wake-ups delayed in a full parallel run).
    @Test func aRequestPastItsDeadlineIs1001() async throws {
        let slowMerchant = CallbackReceiver(delayMs: 10_000)
        try await slowMerchant.serve { url in
            let configuration = {
                var configuration = TestServer.configuration
                configuration.sandbox = true
                configuration.transactions.authorizationCallbackTimeoutMs = 15_000
                return configuration
            }()
            try await TestDatabase.with(.sqlite) { database in
                let (keyRing, clock) = (KeyRing.generate(), TestClock())
                let cardNo = try await TestServer.with(
                    database: database,
                    keyRing: keyRing,
                    clock: clock,
                    configuration: configuration
                ) { server in
                    let setup = try await CardTests.setUp(server, mode: .authorization)
                    try await server.administration.setCallbackURL(url, merchantNo: setup.merchantNo)
                    return try await CardTests.issue(server, setup, uniqueNo: "DEADLINE")
                }
                var hurried = configuration
                hurried.requestTimeoutMs = 1_000
                try await TestServer.with(database: database, keyRing: keyRing, clock: clock, configuration: hurried) {
                    server in
                    let started = ContinuousClock.now
                    let reply = try await server.call(
                        .post,
                        "/simulator/v1/authorize",
                        headers: [.contentType: "application/json", HTTPField.Name("Language")!: "zh_CN"],
                        body: #"{"card_no":"\#(cardNo)","amount":"5.00"}"#
                    )
                    let waited = ContinuousClock.now - started
                    #expect(reply.code == 1001 && reply.msg == ErrorCode.systemError.message(in: .chinese))
                    #expect(reply.headers[.cacheControl] == "no-store")
                    #expect(
                        waited < .milliseconds(7_000),
                        "answered at the 1 s deadline, not after the merchant's 10 s"
                    )
                }
            }
        }
    }

    /// Issuing past ``Limits/accessTokensPerKeyMax`` retires the key's oldest token, at once even
    /// where it was cached.
    @Test(arguments: StoreKind.available)
    func issuingPastTheCapRetiresTheOldestToken(_ kind: StoreKind) async throws {
        var configuration = TestServer.configuration
        configuration.rateLimit = RateLimitPolicy(ratePerSecond: 10_000, burst: 10_000)
        try await TestServer.with(kind, configuration: configuration) { server in
            let merchant = try await server.onboard()
            let apiKey = merchant.credential.apiKey.reveal()
            let path = "/open-api/v1/card/package/list"
            let use = { (token: String) in
                try await server.call(
                    .post,
                    path,
                    headers: server.headers(apiKey: apiKey, accessToken: token),
                    body: "{}"
                )
            }
            let oldest = try await server.accessToken(for: merchant.credential)
            #expect(try await use(oldest).code == 0, "the first token works, and is now cached")
            var newest = oldest
            for _ in 0..<Limits.accessTokensPerKeyMax {
                server.clock.advance(byMs: 1)  // tokens of one millisecond are equally old
                newest = try await server.accessToken(for: merchant.credential)
            }
            #expect(try await use(oldest).code == 1007, "the oldest was retired by the token past the cap")
            #expect(try await use(newest).code == 0)
            let live = try await server.store.withConnection { database in
                try await database.raw("SELECT COUNT(*) AS n FROM access_token").first()?.decode(
                    column: "n",
                    as: Int.self
                )
            }
            #expect(live == Limits.accessTokensPerKeyMax)
        }
    }

    /// Unknown Api-Keys are limited per client address: a burst of 1008s, then 1009 with
    /// `Retry-After`; a real key from the same address is not affected.
    @Test func guessingApiKeysMeets1009() async throws {
        try await TestServer.with(.sqlite) { server in
            let merchant = try await server.onboard()
            let burst = Limits.unknownKeyRateLimit.burst
            var codes: [Int] = []
            for index in 0...burst {
                let guess = server.headers(apiKey: "ak_guess_\(index)")
                codes.append(try await server.call(.get, "/open-api/v1/merchant/token", headers: guess).code)
            }
            #expect(codes.dropLast().allSatisfy { $0 == 1008 } && codes.last == 1009, "\(codes)")
            let refused = try await server.call(
                .get,
                "/open-api/v1/merchant/token",
                headers: server.headers(apiKey: "ak_guess_more")
            )
            #expect(refused.code == 1009 && refused.headers[.retryAfter] != nil)
            #expect(refused.msg == ErrorCode.tooFrequent.message(in: .english))
            let chinese = try await server.call(
                .get,
                "/open-api/v1/merchant/token",
                headers: server.headers(apiKey: "ak_guess_zh", language: "zh_CN")
            )
            #expect(chinese.code == 1009 && chinese.msg == ErrorCode.tooFrequent.message(in: .chinese))
            #expect(try await server.accessToken(for: merchant.credential).isEmpty == false)
        }
    }

    /// Hosted page loads are limited per client address, whatever the token.
    @Test func hostedPageLoadsAreLimitedPerAddress() async throws {
        try await TestServer.with(.sqlite) { server in
            var codes: [Int?] = []
            for _ in 0...Limits.hostedPageRateLimit.burst {
                codes.append(try await HostedCardTests.page(server, token: "ct_unknown").errorCode)
            }
            let chinese = try await HostedCardTests.page(server, token: "ct_unknown", lang: "zh_CN")
            #expect(chinese.errorCode == 1009)
            #expect(chinese.html.contains(ErrorCode.tooFrequent.message(in: .chinese)))
            #expect(codes.dropLast().allSatisfy { $0 == 1014 } && codes.last == 1009, "\(codes)")
        }
    }

    @Test func answersAreNeitherCachedNorSniffed() async throws {
        try await TestServer.with(.sqlite) { server in
            let merchant = try await server.onboard()
            let success = try await server.call(
                .get,
                "/open-api/v1/merchant/token",
                headers: server.headers(apiKey: merchant.credential.apiKey.reveal())
            )
            let failure = try await server.call(
                .get,
                "/open-api/v1/merchant/token",
                headers: server.headers(apiKey: nil)
            )
            for reply in [success, failure] {
                #expect(reply.headers[.cacheControl] == "no-store")
                #expect(reply.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            }
            #expect(success.code == 0 && failure.code == 1002)
        }
    }
}
