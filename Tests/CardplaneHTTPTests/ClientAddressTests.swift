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

/// `X-Forwarded-For` counts only when the socket peer is a configured trusted proxy.
@Suite struct ClientAddressTests {
    static let tokenPath = "/open-api/v1/merchant/token"

    @Test(arguments: StoreKind.available)
    func forwardedForIsIgnoredWithoutTrustedProxies(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let outside = try await server.onboard(allowlist: ["203.0.113.9"]).credential
            var headers = server.headers(apiKey: outside.apiKey.reveal())
            headers[HTTPField.Name("X-Forwarded-For")!] = "203.0.113.9"
            #expect(try await server.call(.get, Self.tokenPath, headers: headers).code == 1003)
        }
    }

    @Test(arguments: StoreKind.available)
    func forwardedForFromATrustedProxyNamesTheClient(_ kind: StoreKind) async throws {
        var configuration = TestServer.configuration
        configuration.trustedProxies = [CIDRBlock("127.0.0.0/8")!, CIDRBlock("::1")!]
        try await TestServer.with(kind, configuration: configuration) { server in
            let remote = try await server.onboard(allowlist: ["203.0.113.0/24"]).credential
            var headers = server.headers(apiKey: remote.apiKey.reveal())
            headers[HTTPField.Name("X-Forwarded-For")!] = "203.0.113.9"
            #expect(try await server.call(.get, Self.tokenPath, headers: headers).code == 0)
            headers[HTTPField.Name("X-Forwarded-For")!] = "198.51.100.1"
            #expect(try await server.call(.get, Self.tokenPath, headers: headers).code == 1003)
            // Behind the proxy, the proxy's own address is not the client's.
            headers[HTTPField.Name("X-Forwarded-For")!] = nil
            let loopbackMerchant = try await server.onboard(allowlist: ["127.0.0.1", "::1"]).credential
            var direct = server.headers(apiKey: loopbackMerchant.apiKey.reveal())
            direct[HTTPField.Name("X-Forwarded-For")!] = "198.51.100.1"
            #expect(try await server.call(.get, Self.tokenPath, headers: direct).code == 1003)
        }
    }
}
