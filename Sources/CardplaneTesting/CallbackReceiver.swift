import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdTesting
import NIOConcurrencyHelpers
public import NIOSSL

/// A merchant's callback endpoint on a real loopback port: it records every request and answers
/// with failures first (HTTP 500), then `{"code": 0}`, so tests see retries and acknowledgements.
public final class CallbackReceiver: Sendable {
    /// One request as the merchant received it.
    public struct Received: Sendable {
        public var headers: [String: String]
        public var body: String
        /// Whether this request was answered with an acknowledgement.
        public var acknowledged: Bool
    }

    private let state: NIOLockedValueBox<(failuresLeft: Int, received: [Received])>
    /// Milliseconds each answer is delayed (to test the 800 ms Auth budget).
    private let delayMs: Int
    /// The `code` an acknowledgement-shaped answer carries (non-zero declines an Auth).
    private let answerCode: Int

    /// TLS of an `https` receiver; `nil` serves plain `http`.
    private let tls: TLSConfiguration?
    /// Where every request is redirected (HTTP 307) instead of answered.
    private let redirect: String?

    public init(
        failFirst failures: Int = 0,
        delayMs: Int = 0,
        answerCode: Int = 0,
        tls: TLSConfiguration? = nil,
        redirectTo redirect: String? = nil
    ) {
        state = NIOLockedValueBox((failures, []))
        self.delayMs = delayMs
        self.answerCode = answerCode
        self.tls = tls
        self.redirect = redirect
    }

    /// Every request so far, in arrival order.
    public var received: [Received] { state.withLockedValue { $0.received } }

    /// Runs the receiver on a free loopback port while `body` runs, passing its URL.
    public func serve<Value: Sendable>(_ body: @Sendable (String) async throws -> Value) async throws -> Value {
        let router = Router()
        router.post("/callbacks") { request, _ -> Response in
            let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.rawName] = field.value }
            if self.delayMs > 0 { try await Task.sleep(for: .milliseconds(self.delayMs)) }
            let fails = self.state.withLockedValue { state -> Bool in
                let fails = state.failuresLeft > 0
                if fails { state.failuresLeft -= 1 }
                state.received.append(Received(headers: headers, body: text, acknowledged: !fails))
                return fails
            }
            if fails { return Response(status: .internalServerError) }
            if let redirect = self.redirect {
                return Response(status: .temporaryRedirect, headers: [.location: redirect])
            }
            let answer = #"{"code":\#(self.answerCode),"message":"\#(self.answerCode == 0 ? "ok" : "declined")"}"#
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: .init(string: answer))
            )
        }
        let server: HTTPServerBuilder = try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1()
        let application = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
        let scheme = tls == nil ? "http" : "https"
        // The live test client is not used: only the port it learns.
        return try await application.test(.live) { client in
            guard let port = client.port else { throw CallbackReceiverError.noPort }
            return try await body("\(scheme)://127.0.0.1:\(port)/callbacks")
        }
    }
}

enum CallbackReceiverError: Error {
    case noPort
}

/// Runs `Tests/Integration/verify_callback.py`, the merchant-side signature check in Python.
public enum CallbackVerifierScript {
    static let scriptPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Tests/Integration/verify_callback.py").standardizedFileURL.path

    /// `ok <count>` when every callback's signature verifies; throws with the script's message otherwise.
    public static func verify(
        _ callbacks: [CallbackReceiver.Received],
        secret: String,
        merchantNo: String
    ) async throws
        -> String
    {
        let input = try JSONSerialization.data(
            withJSONObject: callbacks.map { ["headers": $0.headers, "body": $0.body] as [String: Any] }
        )
        let child = try ChildProcess(
            executable: "/usr/bin/env",
            arguments: ["python3", scriptPath, secret, merchantNo],
            environment: ProcessInfo.processInfo.environment,
            takesInput: true
        )
        let result = await child.finished(input: Array(input))
        guard result.status == 0 else {
            throw MerchantCipherScript.Failure(status: result.status, stderr: result.stderr)
        }
        let output = result.stdout
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
