import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every code of the auth chain, provoked by a real HTTP request on a live server, on both stores.
@Suite struct AuthChainTests {
    static let tokenPath = "/open-api/v1/merchant/token"
    static let packagesPath = "/open-api/v1/card/package/list"

    @Test(arguments: StoreKind.available)
    func getTokenIssuesAnAccessToken(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let merchant = try await server.onboard()
            let reply = try await server.call(
                .get,
                Self.tokenPath,
                headers: server.headers(apiKey: merchant.credential.apiKey.reveal())
            )
            #expect(reply.status == 200 && reply.code == 0 && reply.msg == "Success")
            let token = try #require(reply.data?["access_token"] as? String)
            #expect(token.count >= 32)
            let expiredTime = try #require(reply.data?["expired_time"] as? Int64)
            #expect(expiredTime == server.clock.nowMs() + Limits.accessTokenLifetimeDefaultMs)
            #expect(reply.headers[HTTPField.Name("RateLimit-Limit")!] == "100")
            #expect(reply.headers[HTTPField.Name("X-Request-Id")!] != nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func missingApiKeyIs1002InBothLanguages(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let english = try await server.call(.get, Self.tokenPath, headers: server.headers(apiKey: nil))
            #expect(english.code == 1002 && english.msg == "Api-Key is required" && english.dataIsNull)
            let chinese = try await server.call(
                .get,
                Self.tokenPath,
                headers: server.headers(apiKey: nil, language: "zh_CN")
            )
            #expect(chinese.code == 1002 && chinese.msg == "缺少 Api-Key")
            let empty = try await server.call(.get, Self.tokenPath, headers: server.headers(apiKey: ""))
            #expect(empty.code == 1002)
        }
    }

    @Test(arguments: StoreKind.available)
    func clientOutsideTheAllowlistIs1003(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let merchant = try await server.onboard(allowlist: ["203.0.113.0/24"])
            let reply = try await server.call(
                .get,
                Self.tokenPath,
                headers: server.headers(apiKey: merchant.credential.apiKey.reveal())
            )
            #expect(reply.code == 1003 && reply.msg == "IP address not allowed")
        }
    }

    @Test(arguments: StoreKind.available)
    func staleFutureOrMalformedTimestampIs1005(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let apiKey = try await server.onboard().credential.apiKey.reveal()
            let now = server.clock.nowMs()
            for timestamp in [now - 61_000, now + 6_000] {
                let reply = try await server.call(
                    .get,
                    Self.tokenPath,
                    headers: server.headers(apiKey: apiKey, timestampMs: timestamp)
                )
                #expect(reply.code == 1005, "timestamp offset \(timestamp - now) ms")
            }
            var fields = server.headers(apiKey: apiKey)
            fields[HTTPField.Name("Timestamp")!] = "yesterday"
            let malformed = try await server.call(.get, Self.tokenPath, headers: fields)
            #expect(malformed.code == 1005 && malformed.msg == "Timestamp invalid or expired")
            fields[HTTPField.Name("Language")!] = "zh_CN"
            #expect(try await server.call(.get, Self.tokenPath, headers: fields).msg == "时间戳无效或已过期")
        }
    }

    @Test(arguments: StoreKind.available)
    func missingAccessTokenIs1006(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let apiKey = try await server.onboard().credential.apiKey.reveal()
            let reply = try await server.call(
                .post,
                Self.packagesPath,
                headers: server.headers(apiKey: apiKey),
                body: "{}"
            )
            #expect(reply.code == 1006 && reply.msg == "Access-Token is required")
        }
    }

    @Test(arguments: StoreKind.available)
    func unknownExpiredOrForeignAccessTokenIs1007(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let first = try await server.onboard().credential
            let second = try await server.administration.createKey(merchantNo: first.key.merchantNo, expiresAtMs: nil)
            let firstToken = try await server.accessToken(for: first)
            let apiKey = first.apiKey.reveal()
            let unknown = try await server.call(
                .post,
                Self.packagesPath,
                headers: server.headers(apiKey: apiKey, accessToken: "at_nope"),
                body: "{}"
            )
            #expect(unknown.code == 1007 && unknown.msg == "Access-Token invalid or expired")
            // A token is bound to the key it was issued for, even within one merchant.
            let foreign = try await server.call(
                .post,
                Self.packagesPath,
                headers: server.headers(apiKey: second.apiKey.reveal(), accessToken: firstToken),
                body: "{}"
            )
            #expect(foreign.code == 1007)
            let valid = try await server.call(
                .post,
                Self.packagesPath,
                headers: server.headers(apiKey: apiKey, accessToken: firstToken),
                body: "{}"
            )
            #expect(valid.code == 0)
            server.clock.advance(byMs: Limits.accessTokenLifetimeDefaultMs)
            let expired = try await server.call(
                .post,
                Self.packagesPath,
                headers: server.headers(apiKey: apiKey, accessToken: firstToken),
                body: "{}"
            )
            #expect(expired.code == 1007)
        }
    }

    @Test(arguments: StoreKind.available)
    func unknownApiKeyIs1008(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            for apiKey in ["ak_doesnotexist", String(repeating: "x", count: 500)] {
                let reply = try await server.call(.get, Self.tokenPath, headers: server.headers(apiKey: apiKey))
                #expect(reply.code == 1008 && reply.msg == "Api-Key does not exist")
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func emptyBucketIs1009WithRetryAfter(_ kind: StoreKind) async throws {
        var configuration = TestServer.configuration
        configuration.rateLimit = RateLimitPolicy(ratePerSecond: 1, burst: 3)
        try await TestServer.with(kind, configuration: configuration) { server in
            let apiKey = try await server.onboard().credential.apiKey.reveal()
            var codes: [Int] = []
            var last: EnvelopeReply?
            for _ in 0..<5 {
                last = try await server.call(.get, Self.tokenPath, headers: server.headers(apiKey: apiKey))
                codes.append(last!.code)
            }
            // The server's clock is the test clock, so no token flows in until the test moves it.
            #expect(codes == [0, 0, 0, 1009, 1009])
            let refused = try #require(last)
            #expect(refused.msg == "Operation too frequent, please try again later")
            #expect(refused.headers[HTTPField.Name("Retry-After")!] == "1")
            #expect(refused.headers[HTTPField.Name("RateLimit-Remaining")!] == "0")
            server.clock.advance(byMs: 1_000)
            #expect(try await server.call(.get, Self.tokenPath, headers: server.headers(apiKey: apiKey)).code == 0)
        }
    }

    @Test(arguments: StoreKind.available)
    func revokedKeyIs1010FromTheNextRequest(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            let token = try await server.accessToken(for: credential)
            try await server.administration.revokeKey(id: credential.key.id, merchantNo: credential.key.merchantNo)
            let headers = server.headers(apiKey: credential.apiKey.reveal(), accessToken: token)
            let reply = try await server.call(.post, Self.packagesPath, headers: headers, body: "{}")
            #expect(reply.code == 1010 && reply.msg == "Api-Key is not enabled")
        }
    }

    @Test(arguments: StoreKind.available)
    func expiredKeyIs1011(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard(keyExpiresAtMs: server.clock.nowMs() + 60_000).credential
            #expect(
                try await server.call(.get, Self.tokenPath, headers: server.headers(apiKey: credential.apiKey.reveal()))
                    .code == 0
            )
            server.clock.advance(byMs: 60_000)
            let reply = try await server.call(
                .get,
                Self.tokenPath,
                headers: server.headers(apiKey: credential.apiKey.reveal())
            )
            #expect(reply.code == 1011 && reply.msg == "Api-Key has expired")
        }
    }

    @Test(arguments: StoreKind.available)
    func routeOutsideTheModeIs1012(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credit = try await server.onboard(mode: .creditExtension).credential
            let authorization = try await server.onboard(mode: .authorization).credential
            let binsForCredit = try await server.callAuthenticated(
                .post,
                "/open-api/v1/card/support/bins",
                credential: credit,
                body: "{}"
            )
            #expect(binsForCredit.code == 1012 && binsForCredit.msg == "Merchant integration mode not supported")
            let packagesForAuthorization = try await server.callAuthenticated(
                .post,
                Self.packagesPath,
                credential: authorization,
                body: "{}"
            )
            #expect(packagesForAuthorization.code == 1012)
            let zh = try await server.callAuthenticated(
                .post,
                Self.packagesPath,
                credential: authorization,
                body: "{}",
                language: "zh_CN"
            )
            #expect(zh.msg == "商户接入模式不支持该操作")
        }
    }

    @Test(arguments: StoreKind.available)
    func closedMerchantIs1021AndDisabledIs1022(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let closing = try await server.onboard().credential
            let suspended = try await server.onboard().credential
            let suspendedToken = try await server.accessToken(for: suspended)
            try await server.administration.setStatus(.closed, merchantNo: closing.key.merchantNo)
            try await server.administration.setStatus(.disabled, merchantNo: suspended.key.merchantNo)
            let closed = try await server.call(
                .get,
                Self.tokenPath,
                headers: server.headers(apiKey: closing.apiKey.reveal())
            )
            #expect(closed.code == 1021 && closed.msg == "Merchant does not exist")
            let headers = server.headers(apiKey: suspended.apiKey.reveal(), accessToken: suspendedToken)
            let disabled = try await server.call(.post, Self.packagesPath, headers: headers, body: "{}")
            #expect(
                disabled.code == 1022 && disabled.msg == "Merchant status is abnormal, please contact administrator"
            )
            try await server.administration.setStatus(.enabled, merchantNo: suspended.key.merchantNo)
            // Spec §13: disabling killed the merchant's tokens; enabled again, it needs a new one.
            #expect(try await server.call(.post, Self.packagesPath, headers: headers, body: "{}").code == 1007)
            let fresh = try await server.callAuthenticated(.post, Self.packagesPath, credential: suspended, body: "{}")
            #expect(fresh.code == 0)
        }
    }
}
