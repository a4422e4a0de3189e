import Foundation
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers

/// A minimal OpenTelemetry collector for tests: accepts OTLP/HTTP JSON exports at `/v1/traces`
/// and keeps every span, so a test can check what a server exported and how the spans link.
public final class OTLPReceiver: Sendable {
    /// One exported span: ids as lowercase hex.
    public struct Span: Sendable, Equatable {
        public var traceID: String
        public var spanID: String
        public var parentSpanID: String
        public var name: String
    }

    private let spans = NIOLockedValueBox<[Span]>([])

    public init() {}

    /// Every span received so far.
    public var received: [Span] { spans.withLockedValue { $0 } }

    /// Serves on a free loopback port while `body` runs with the collector's base URL.
    public func serve<Value: Sendable>(_ body: @Sendable (String) async throws -> Value) async throws -> Value {
        let router = Router()
        router.post("/v1/traces") { request, _ -> Response in
            let data = Data(try await request.body.collect(upTo: 16 << 20).readableBytesView)
            let parsed = Self.spans(in: data)
            self.spans.withLockedValue { $0 += parsed }
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: .init(string: "{}"))
            )
        }
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await application.test(.live) { client in
            guard let port = client.port else { throw CallbackReceiverError.noPort }
            return try await body("http://127.0.0.1:\(port)")
        }
    }

    /// The spans of an `ExportTraceServiceRequest` in OTLP's JSON form.
    static func spans(in data: Data) -> [Span] {
        guard let export = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        var spans: [Span] = []
        for resource in export["resourceSpans"] as? [[String: Any]] ?? [] {
            for scope in resource["scopeSpans"] as? [[String: Any]] ?? [] {
                for span in scope["spans"] as? [[String: Any]] ?? [] {
                    spans.append(
                        Span(
                            traceID: hex(span["traceId"]),
                            spanID: hex(span["spanId"]),
                            parentSpanID: hex(span["parentSpanId"]),
                            name: span["name"] as? String ?? ""
                        )
                    )
                }
            }
        }
        return spans
    }

    /// An id as lowercase hex, whether the exporter wrote hex (the OTLP JSON rule) or base64.
    static func hex(_ value: Any?) -> String {
        guard let text = value as? String, !text.isEmpty else { return "" }
        if text.count % 2 == 0, text.allSatisfy(\.isHexDigit) { return text.lowercased() }
        guard let bytes = Data(base64Encoded: text) else { return text }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }
}
