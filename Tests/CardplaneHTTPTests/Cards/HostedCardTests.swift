import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The client access token and the hosted card page (spec §4.12, §6, §13): every check, on both
/// stores. The browser's side is tested in real Chromium by Tests/Browser.
@Suite struct HostedCardTests {
    static let origin = "https://wallet.example"
    static let host = "cards.cardplane.example"

    /// A merchant with PCI on, one allowed origin and one hosted host, and a virtual card.
    static func setUp(_ server: TestServer) async throws -> (CardTests.Setup, String) {
        let setup = try await CardTests.setUp(server)
        _ = try await server.administration.configurePCI(
            merchantNo: setup.merchantNo,
            enabled: true,
            origins: [origin],
            hosts: [host]
        ) { $0.background = "#102030" }
        return (setup, try await CardTests.issue(server, setup, uniqueNo: "HOSTED"))
    }

    static func token(_ server: TestServer, _ setup: CardTests.Setup, _ cardNo: String) async throws -> EnvelopeReply {
        try await server.callAuthenticated(
            .get,
            "/open-api/v1/merchant/client/\(cardNo)/token",
            credential: setup.credential
        )
    }

    struct Page {
        var status: Int
        var headers: HTTPFields
        var html: String

        /// The code of an error page, if this is one.
        var errorCode: Int? {
            guard let start = html.range(of: #"id="error-code">"#) else { return nil }
            return Int(html[start.upperBound...].prefix { $0.isNumber })
        }
    }

    /// Loads the page the way Chromium loads an iframe, unless told otherwise.
    static func page(
        _ server: TestServer,
        token: String,
        nonce: String = "nonce-" + UUID().uuidString,
        host: String = host,
        referer: String? = origin + "/wallet/cards",
        frame: Bool = true,
        lang: String? = nil
    ) async throws -> Page {
        var headers: HTTPFields = [:]
        if let referer { headers[.referer] = referer }
        if frame {
            headers[HTTPField.Name("Sec-Fetch-Dest")!] = "iframe"
            headers[HTTPField.Name("Sec-Fetch-Mode")!] = "navigate"
            headers[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
        }
        let query = "token=\(token)&nonce=\(nonce)" + (lang.map { "&lang=\($0)" } ?? "")
        // The shared test client always says `Host: localhost`; this one sends the host under test.
        let port = try #require(server.client.port)
        let fields = headers
        return try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            let response = try await client.execute(
                TestClient.Request("/pci/card?\(query)", method: .get, authority: host, headers: fields)
            )
            return Page(
                status: Int(response.status.code),
                headers: response.headers,
                html: response.body.map { String(buffer: $0) } ?? ""
            )
        }
    }

    @Test(arguments: StoreKind.available)
    func aFramedRequestFromAnAllowedOriginSeesTheCard(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (setup, cardNo) = try await Self.setUp(server)
            let reply = try await Self.token(server, setup, cardNo)
            #expect(reply.code == 0 && reply.data?["expires_in"] as? Int == 60, "\(reply.raw)")
            let token = try #require(reply.data?["client_access_token"] as? String)
            let page = try await Self.page(server, token: token)
            #expect(page.status == 200 && page.errorCode == nil, "\(page.html)")
            let info = try await CardSecretsTests.privateInfo(server, setup, cardNo: cardNo)
            let pan = try #require(info["pan"])
            let grouped = stride(from: 0, to: 16, by: 4).map { String(Array(pan)[$0..<$0 + 4]) }.joined(separator: " ")
            let cvv = try #require(info["cvv"])
            #expect(page.html.contains(#"id="card-number">\#(grouped)<"#) && page.html.contains(cvv))
            #expect(page.html.contains("#102030") && page.html.contains("data-copy"))
            #expect(page.headers[.cacheControl] == "no-store")
            let policy = try #require(page.headers[HTTPField.Name("Content-Security-Policy")!])
            #expect(policy.contains("frame-ancestors \(Self.origin)") && policy.contains("default-src 'none'"))
            #expect(!page.html.contains("http://") && !page.html.contains("https://"), "no third-party resource")
            let again = try await Self.page(server, token: token)
            #expect(again.errorCode == 1014, "a token opens the page once")
            #expect(try await server.services.hostedCards.purgeExpired() == 0, "nothing is old yet")
            server.clock.advance(byMs: HostedCardDisplay.nonceMemoryMs + 1)
            #expect(try await server.services.hostedCards.purgeExpired() == 2, "the spent token and its nonce")
        }
    }

    @Test(arguments: StoreKind.available)
    func eachCheckHasItsCode(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (setup, cardNo) = try await Self.setUp(server)
            func fresh() async throws -> String {
                try #require(try await Self.token(server, setup, cardNo).data?["client_access_token"] as? String)
            }
            #expect(try await Self.page(server, token: try await fresh(), frame: false).errorCode == 1018)
            #expect(try await Self.page(server, token: "ct_unknown").errorCode == 1014)
            #expect(try await Self.page(server, token: try await fresh(), host: "evil.example").errorCode == 1016)
            let foreign = try await Self.page(server, token: try await fresh(), referer: "https://evil.example/")
            #expect(foreign.errorCode == 1015)
            #expect(try await Self.page(server, token: try await fresh(), referer: nil).errorCode == 1015)
            let nonce = "nonce-reused-0123456789"
            #expect(try await Self.page(server, token: try await fresh(), nonce: nonce).errorCode == nil)
            #expect(try await Self.page(server, token: try await fresh(), nonce: nonce).errorCode == 1017)
            #expect(try await Self.page(server, token: try await fresh(), nonce: "short").errorCode == 1017)
            let expiring = try await fresh()
            server.clock.advance(byMs: HostedCardDisplay.tokenLifetimeSeconds * 1_000)
            #expect(try await Self.page(server, token: expiring).errorCode == 1014, "60 s and no more")
            let chinese = try await Self.page(server, token: "ct_unknown", lang: "zh_CN")
            #expect(chinese.html.contains(ErrorCode.clientAccessTokenInvalid.message(in: .chinese)))
            let issuedBeforeOff = try await fresh()
            _ = try await server.administration.configurePCI(
                merchantNo: setup.merchantNo,
                enabled: false,
                origins: nil,
                hosts: nil
            )
            #expect(try await Self.page(server, token: issuedBeforeOff).errorCode == 1013, "off applies at once")
            let off = try await Self.token(server, setup, cardNo)
            #expect(off.code == 1013 && off.msg == "PCI sensitive card display is not enabled")
            #expect(try await Self.token(server, setup, "C20260101000000000").code == 1013, "1013 comes first")
        }
    }
}
