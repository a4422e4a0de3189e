import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

/// Every answer of `/open-api` is the envelope with HTTP 200, whatever goes wrong.
@Suite struct EnvelopeTests {
    static let packagesPath = "/open-api/v1/card/package/list"

    @Test(arguments: StoreKind.available)
    func unknownRoutesAndWrongMethodsAre1004(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            for (method, path) in [
                (HTTPRequest.Method.post, "/open-api/v1/nothing/here"), (.get, Self.packagesPath),
                (.delete, "/open-api/v1/merchant/token"), (.get, "/"),
            ] {
                let reply = try await server.call(method, path, headers: server.headers(apiKey: nil))
                #expect(
                    reply.status == 200 && reply.code == 1004 && reply.msg == "path: Invalid request parameter",
                    "\(method) \(path)"
                )
            }
            let zh = try await server.call(
                .post,
                "/open-api/v1/x",
                headers: server.headers(apiKey: nil, language: "zh_CN")
            )
            #expect(zh.msg == "path: 请求参数无效")
        }
    }

    @Test(arguments: StoreKind.available)
    func unreadableBodiesAre1004NamingTheField(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            let cases: [(String?, String)] = [
                (nil, "body"), ("", "body"), ("not json", "body"), ("[1,2]", "body"), (#"{"page": "#, "body"),
                (#"{"page": "0"}"#, "page"), (#"{"size": 1.5}"#, "size"), (#"{"package_no": 7}"#, "package_no"),
                (#"{"size": 101}"#, "size"), (#"{"size": 0}"#, "size"), (#"{"page": -1}"#, "page"),
                (#"{"type": "Plastic"}"#, "type"),
            ]
            for (body, field) in cases {
                let reply = try await server.callAuthenticated(
                    .post,
                    Self.packagesPath,
                    credential: credential,
                    body: body
                )
                #expect(
                    reply.code == 1004 && reply.msg == "\(field): Invalid request parameter",
                    "body \(body ?? "nil") → \(reply.msg)"
                )
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func oversizedBodiesAre1004(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            let body = #"{"package_no": ""# + String(repeating: "x", count: Limits.requestBodySizeMax) + #""}"#
            let reply = try await server.callAuthenticated(.post, Self.packagesPath, credential: credential, body: body)
            #expect(reply.code == 1004 && reply.msg == "body: Invalid request parameter")
        }
    }

    /// A failure nobody planned for answers 1001 and leaks nothing: here the table behind the route is gone.
    @Test(arguments: StoreKind.available)
    func unexpectedFailuresAre1001AndLeakNothing(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            try await server.store.withConnection { database in
                try await database.raw("DROP TABLE catalog_assignment").run()
            }
            let reply = try await server.callAuthenticated(.post, Self.packagesPath, credential: credential, body: "{}")
            #expect(reply.status == 200 && reply.code == 1001 && reply.dataIsNull)
            #expect(reply.msg == "System error, please try again later")
            #expect(!reply.raw.lowercased().contains("catalog_assignment") && !reply.raw.contains("SQL"))
            let zh = try await server.callAuthenticated(
                .post,
                Self.packagesPath,
                credential: credential,
                body: "{}",
                language: "zh_CN"
            )
            #expect(zh.code == 1001 && zh.msg == "系统错误，请稍后重试")
        }
    }

    @Test(arguments: StoreKind.available)
    func healthAnswersWhenTheStoreIsReachable(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            try await server.client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
        }
    }
}

/// Rate-limit headers and content type, on top of the envelope.
@Suite struct HeaderTests {
    @Test(arguments: StoreKind.available)
    func errorsAfterTheRateLimitStillCarryItsHeaders(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let apiKey = try await server.onboard().credential.apiKey.reveal()
            let reply = try await server.call(
                .post,
                EnvelopeTests.packagesPath,
                headers: server.headers(apiKey: apiKey, accessToken: "at_unknown"),
                body: "{}"
            )
            #expect(reply.code == 1007)
            #expect(reply.headers[HTTPField.Name("RateLimit-Limit")!] == "100")
            #expect(reply.headers[HTTPField.Name("RateLimit-Remaining")!] == "99")
        }
    }

    @Test(arguments: StoreKind.available)
    func bodiesMustBeJSON(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            let token = try await server.accessToken(for: credential)
            for contentType in ["application/x-www-form-urlencoded", "text/plain", nil] {
                var headers = server.headers(apiKey: credential.apiKey.reveal(), accessToken: token)
                headers[.contentType] = contentType
                let reply = try await server.call(.post, EnvelopeTests.packagesPath, headers: headers, body: "{}")
                #expect(reply.code == 1004 && reply.msg == "content_type: Invalid request parameter")
            }
            var headers = server.headers(apiKey: credential.apiKey.reveal(), accessToken: token)
            headers[.contentType] = "application/json; charset=utf-8"
            #expect(try await server.call(.post, EnvelopeTests.packagesPath, headers: headers, body: "{}").code == 0)
        }
    }
}
