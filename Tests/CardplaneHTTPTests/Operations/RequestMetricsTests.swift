import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneTelemetry
import CardplaneTesting
import CardplaneVault
import HTTPTypes
import Testing

/// `/metrics` on the operator listener: requests sent through the API, read back as counts that
/// must match what was sent.
@Suite struct RequestMetricsTests {
    typealias Name = OperatorMetrics.Name

    /// Requests by route and code, auth refusals by code and rate-limited requests.
    @Test(arguments: StoreKind.available)
    func requestsRefusalsAndRateLimitsAreCounted(_ kind: StoreKind) async throws {
        var configuration = TestServer.configuration
        configuration.rateLimit = RateLimitPolicy(ratePerSecond: 1, burst: 2)
        try await TestServer.with(kind, configuration: configuration) { server in
            let credential = try await server.onboard().credential
            var codes: [Int] = []
            for _ in 0..<3 {
                let reply = try await server.call(
                    .get,
                    "/open-api/v1/merchant/token",
                    headers: server.headers(apiKey: credential.apiKey.reveal())
                )
                codes.append(reply.code)
            }
            #expect(codes == [0, 0, ErrorCode.tooFrequent.rawValue], "the burst of 2 lets two through")
            for _ in 0..<4 {
                let reply = try await server.call(
                    .get,
                    "/open-api/v1/merchant/token",
                    headers: server.headers(apiKey: "not-a-key")
                )
                #expect(reply.code == ErrorCode.apiKeyNotFound.rawValue)
            }

            let metrics = try await server.metrics()
            let token = "/open-api/v1/merchant/token"
            let count = Name.requestDuration + "_count"
            #expect(metrics.count(count, ["route": token, "code": "0"]) == 2)
            #expect(metrics.count(count, ["route": token, "code": "1009"]) == 1)
            #expect(metrics.count(count, ["route": token, "code": "1008"]) == 4)
            #expect(metrics.count(Name.authRefusals, ["code": "1008"]) == 4)
            #expect(metrics.count(Name.rateLimited) == 1)
            #expect(!metrics.text.contains(credential.apiKey.reveal()), "no credential in a metric")
        }
    }
}
