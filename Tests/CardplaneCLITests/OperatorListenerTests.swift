import CardplaneStore
import CardplaneTesting
import Foundation
import Testing

/// The operator listener of `cardplane serve`: its own port, `/metrics` and `/readyz`, and neither
/// on the merchant API's port.
@Suite(.serialized) struct OperatorListenerTests {
    @Test(arguments: StoreKind.available)
    func metricsAndReadinessOnTheOperatorPortOnly(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let server = try ServeProcess(
                arguments: ["--database", database.url.connectionString, "--master-key-file", keyFile]
            )
            defer { server.stop() }
            try await server.waitUntilHealthy()
            #expect(server.operatorPort != server.port)

            let (ready, readyStatus) = try await HTTP.get(port: server.operatorPort, path: "/readyz", headers: [:])
            #expect(readyStatus == 200)
            let readiness = try JSONSerialization.jsonObject(with: ready) as? [String: Any]
            #expect(readiness?["status"] as? String == "ready")
            #expect(readiness?["workers_not_running"] as? [String] == [])

            for _ in 0..<3 { _ = try await HTTP.get(port: server.port, path: "/healthz", headers: [:]) }
            let (metrics, metricsStatus) = try await HTTP.get(port: server.operatorPort, path: "/metrics", headers: [:])
            #expect(metricsStatus == 200)
            let samples = PrometheusSamples(String(decoding: metrics, as: UTF8.self))
            // waitUntilHealthy asked at least once more, so at least four.
            let healthz = samples.count(
                "cardplane_http_request_duration_seconds_count",
                ["route": "/healthz", "code": "0"]
            )
            #expect(healthz >= 4)

            let (_, apiMetrics) = try await HTTP.get(port: server.port, path: "/metrics", headers: [:])
            let (_, apiReady) = try await HTTP.get(port: server.port, path: "/readyz", headers: [:])
            #expect(apiMetrics == 200 && apiReady == 200, "the API answers its envelope (1004), not the metrics")
            let (body, _) = try await HTTP.get(port: server.port, path: "/metrics", headers: [:])
            #expect(!String(decoding: body, as: UTF8.self).contains("cardplane_"))
        }
    }

    /// `--no-metrics` records nothing and `/metrics` answers 404; readiness still answers.
    @Test func noMetricsServesNoMetrics() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile(created: false)
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let server = try ServeProcess(
                arguments: ["--database", database.url.connectionString, "--master-key-file", keyFile, "--no-metrics"]
            )
            defer { server.stop() }
            try await server.waitUntilHealthy()
            let (_, metrics) = try await HTTP.get(port: server.operatorPort, path: "/metrics", headers: [:])
            let (_, ready) = try await HTTP.get(port: server.operatorPort, path: "/readyz", headers: [:])
            #expect(metrics == 404)
            #expect(ready == 200)
        }
    }
}
