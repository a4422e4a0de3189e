import CardplaneCore
import CardplaneIssuer
import CardplaneVault
import Hummingbird
import NIOCore

/// `Idempotency-Key` on every authenticated `POST` (spec §13, ADR 0017), behind ``AuthMiddleware``
/// so the key is scoped to the authenticated merchant.
///
/// Without the header a request runs as usual. With it, the first request runs and its answer —
/// success or error, exactly the bytes sent — is kept; a later request with the same key and the
/// same method, target and body gets those bytes again with `Idempotent-Replayed: true`, and
/// nothing runs. A 1001 is not kept: the key is given back, so a retry runs again.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = CardplaneRequestContext

    let requests: IdempotentRequests

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let values = request.headers[values: .idempotencyKey]
        guard request.method == .post, !values.isEmpty else { return try await next(request, context) }
        guard values.count == 1, let key = IdempotencyKey(header: values[0]) else {
            throw CardplaneError.invalidParameter("Idempotency-Key")
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let fingerprint = RequestFingerprint.of(
            method: request.method.rawValue,
            target: request.uri.string,
            body: body.readableBytesView
        )
        let merchantNo = context.requireAuthenticated.merchant.merchantNo
        switch try await requests.start(merchantNo: merchantNo, key: key, fingerprint: fingerprint) {
        case .replay(let answer):
            return try Self.replay(answer)
        case .run(let claim):
            return try await run(request, context: context, claim: claim, next: next)
        }
    }

    /// Runs the request under `claim` and keeps its answer, or gives the claim back after a 1001.
    private func run(
        _ request: Request,
        context: Context,
        claim: IdempotentRequests.Claim,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let response: Response
        let code: Int
        do {
            response = try await next(request, context)
            code = ErrorCode.success.rawValue
        } catch {
            (response, code) = EnvelopeMiddleware.render(error, context: context)
        }
        var kept = response
        let body: ByteBuffer
        do {
            body = try await Self.collect(response.body)
        } catch {
            // Nothing to keep: free the key now rather than make duplicates wait out the lease.
            try? await requests.abandon(claim)
            throw error
        }
        kept.body = ResponseBody(byteBuffer: body)
        guard code != ErrorCode.systemError.rawValue,
            let text = String(validating: body.readableBytesView, as: UTF8.self)
        else {
            try? await requests.abandon(claim)
            return try Self.deliver(kept, code: code)
        }
        let answer = IdempotentAnswer(
            code: code,
            status: Int(response.status.code),
            contentType: response.headers[.contentType] ?? "application/json; charset=utf-8",
            body: text
        )
        do {
            try await requests.finish(claim, with: answer)
        } catch {
            // Not kept, so not promised: give the key back and answer as usual.
            try? await requests.abandon(claim)
        }
        return try Self.deliver(kept, code: code)
    }

    /// A success is returned; an error answer is thrown, so the outer middlewares treat it as one.
    private static func deliver(_ response: Response, code: Int) throws -> Response {
        guard code == ErrorCode.success.rawValue else { throw RenderedAnswer(response: response, code: code) }
        return response
    }

    /// The kept answer, byte for byte, marked as a replay.
    static func replay(_ answer: IdempotentAnswer) throws -> Response {
        let response = Response(
            status: HTTPResponse.Status(code: answer.status),
            headers: [.contentType: answer.contentType, .idempotentReplayed: "true"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body))
        )
        return try deliver(response, code: answer.code)
    }

    /// The whole body of `body`.
    private static func collect(_ body: ResponseBody) async throws -> ByteBuffer {
        let sink = CollectedBody()
        try await body.write(CollectingWriter(sink: sink))
        return sink.buffer
    }
}

/// An answer already rendered as the envelope, thrown so the outer middlewares see an error.
struct RenderedAnswer: Error {
    var response: Response
    var code: Int
}

/// Where ``CollectingWriter`` puts what a response body writes.
private final class CollectedBody {
    var buffer = ByteBuffer()
}

private struct CollectingWriter: ResponseBodyWriter {
    let sink: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        sink.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
