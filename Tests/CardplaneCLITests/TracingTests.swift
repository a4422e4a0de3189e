import CardplaneStore
import CardplaneTesting
import Foundation
import Testing

/// `serve --otel-endpoint`: the spans of one authorization reach an OTLP collector linked to the
/// caller's trace, callbacks carry their trace to the merchant, and log lines carry the trace id.
@Suite(.serialized) struct TracingTests {
    static func randomHex(bytes: Int) -> String {
        (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    /// Waits up to 15 s for `condition`.
    static func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<150 where !condition() { try await Task.sleep(for: .milliseconds(100)) }
    }

    @Test(arguments: StoreKind.available)
    func oneAuthorizationsSpansArriveLinked(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let merchant = try await ServedMerchant.create(env)
            let collector = OTLPReceiver()
            let callbacks = CallbackReceiver()
            try await collector.serve { otlp in
                try await callbacks.serve { url in
                    _ = try await CardplaneProcess.succeed(
                        ["merchant", "callback", "set", "--merchant", merchant.merchantNo, "--url", url, "--sandbox"],
                        environment: env
                    )
                    let tracing = ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/json", "OTEL_BSP_SCHEDULE_DELAY": "100"]
                    let server = try ServeProcess(
                        arguments: ChaosTests.arguments + ["--otel-endpoint", otlp],
                        environment: env.merging(tracing) { $1 }
                    )
                    try await server.waitUntilHealthy()
                    let log = try await Self.authorizeTraced(server, merchant, collector, callbacks)
                    #expect(
                        server.stop().stderr.contains(#""trace_id":"\#(log)""#),
                        "the request's log lines carry its trace id"
                    )
                }
            }
        }
    }

    /// Authorizes with a `traceparent` of the test's own and checks the spans; returns the trace id.
    static func authorizeTraced(
        _ server: ServeProcess,
        _ merchant: ServedMerchant,
        _ collector: OTLPReceiver,
        _ callbacks: CallbackReceiver
    ) async throws -> String {
        let client = try await MerchantClient(port: server.port, apiKey: merchant.apiKey)
        let (cardNo, _) = try await ServedMerchant.virtualCard(client, packageNo: merchant.packageNo)
        let (traceID, callerSpanID) = (randomHex(bytes: 16), randomHex(bytes: 8))
        let authorized = try await HTTP.post(
            port: server.port,
            path: "/simulator/v1/authorize",
            headers: ["traceparent": "00-\(traceID)-\(callerSpanID)-01"],
            body: #"{"card_no":"\#(cardNo)","amount":"1.00","network_transaction_id":"ntx_traced"}"#
        )
        #expect(authorized["error"] == nil, "\(authorized)")
        // The request's span ends after the answer is written, so it may come in a later export.
        try await eventually {
            let received = collector.received
            return received.contains { $0.traceID == traceID && $0.name == "authorize" }
                && received.contains { $0.traceID == traceID && $0.parentSpanID == callerSpanID }
        }
        let spans = collector.received.filter { $0.traceID == traceID }
        let request = try #require(spans.first { $0.parentSpanID == callerSpanID }, "\(spans)")
        #expect(request.name == "/simulator/v1/authorize")
        let authorize = try #require(spans.first { $0.name == "authorize" })
        #expect(authorize.parentSpanID == request.spanID, "the use case runs inside the request")
        #expect(
            spans.contains { $0.name.hasPrefix("db.") && $0.parentSpanID == authorize.spanID },
            "the store's work is inside the use case: \(spans.map(\.name))"
        )

        // The Consumption callback carries the trace of its delivery span to the merchant.
        try await eventually { callbacks.received.contains { $0.headers["traceparent"] != nil } }
        let header = try #require(callbacks.received.compactMap { $0.headers["traceparent"] }.first)
        let parts = header.split(separator: "-").map(String.init)
        #expect(parts.count == 4 && parts[0] == "00")
        try await eventually { collector.received.contains { $0.spanID == parts[2] } }
        let delivery = try #require(collector.received.first { $0.spanID == parts[2] })
        #expect(delivery.traceID == parts[1] && delivery.name == "callback POST")
        return traceID
    }
}
