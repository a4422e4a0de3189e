import CardplaneCore
import CardplaneIssuer
public import CardplaneTelemetry
public import Hummingbird
import Logging
import NIOCore

/// The outermost middleware: picks the language, turns every failure into the envelope, and writes
/// one access-log line and one duration (by route and code, in ``OperatorMetrics``) per request.
///
/// - ``RenderedAnswer`` is sent as it is (an error answer ``IdempotencyMiddleware`` kept or replays).
/// - ``ErrorWithHeaders`` renders its underlying error as below, then adds its headers (the `RateLimit-*`
///   fields from ``AuthMiddleware``) where the answer does not already carry them.
/// - ``CardplaneError`` renders its code and message.
/// - ``RateLimitedError`` renders 1009 with `RateLimit-*` and `Retry-After` headers.
/// - Hummingbird's own `HTTPError`s (unknown route, wrong method, unreadable body) become 1004, so
///   the framework's error page never reaches a merchant.
/// - Anything else is 1001 for the client; the cause is logged with the request id, never sent.
///
/// The log line carries the request id, method, matched route (never the raw path, which may hold
/// a card number), code, HTTP status and latency; never headers or bodies.
public struct EnvelopeMiddleware: RouterMiddleware {
    public typealias Context = CardplaneRequestContext

    let metrics: OperatorMetrics

    public init(metrics: OperatorMetrics) {
        self.metrics = metrics
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        context.language = Language(header: request.headers[.language])
        var response: Response
        var code = ErrorCode.success.rawValue
        do {
            // Handlers only return successes (code 0); every failure is thrown and rendered here.
            response = try await next(request, context)
        } catch {
            (response, code) = Self.render(error, context: context)
        }
        response.headers[.requestID] = context.id
        // Answers carry credentials, card data and balances: no cache keeps them, no browser sniffs them.
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        response.headers[.xContentTypeOptions] = "nosniff"
        let elapsed = ContinuousClock.now - started
        let route = context.endpointPath ?? "NotFound"
        metrics.request(route: route, code: code, duration: elapsed)
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(route),
                "code": .stringConvertible(code),
                "status": .stringConvertible(response.status.code),
                "latency_ms": .string(elapsed.millisecondsText),
            ]
        )
        return response
    }

    /// The envelope answering `error`, and its code; logs what a 1001 hides from the client.
    static func render(_ error: any Error, context: Context) -> (Response, Int) {
        switch error {
        case let error as RenderedAnswer:
            return (error.response, error.code)
        case let error as ErrorWithHeaders:
            var (response, code) = render(error.underlying, context: context)
            for field in error.headers where response.headers[field.name] == nil {
                response.headers.append(field)
            }
            return (response, code)
        case let error as CardplaneError:
            return (Self.failure(error, language: context.language), error.code.rawValue)
        case let error as RateLimitedError:
            var headers = RateLimitHeaders.fields(policy: error.policy, decision: error.decision)
            headers[.retryAfter] = String(error.decision.retryAfterSeconds ?? 1)
            let response = Self.failure(CardplaneError(.tooFrequent), language: context.language, headers: headers)
            return (response, ErrorCode.tooFrequent.rawValue)
        case let error as HTTPError where (400..<500).contains(error.status.code):
            let failure = CardplaneError.invalidParameter(error.status == .notFound ? "path" : "request")
            return (Self.failure(failure, language: context.language), ErrorCode.invalidParameter.rawValue)
        default:
            context.logger.error(
                "unexpected failure",
                metadata: ["error": .string(String(reflecting: type(of: error)))]
            )
            context.logger.debug("unexpected failure detail", metadata: ["detail": .string("\(error)")])
            let failure = CardplaneError(.systemError)
            return (Self.failure(failure, language: context.language), ErrorCode.systemError.rawValue)
        }
    }

    /// The code ``render(_:context:)`` answers `error` with, without rendering or logging it.
    static func code(of error: any Error) -> Int {
        switch error {
        case let error as RenderedAnswer: error.code
        case let error as ErrorWithHeaders: code(of: error.underlying)
        case let error as CardplaneError: error.code.rawValue
        case is RateLimitedError: ErrorCode.tooFrequent.rawValue
        case let error as HTTPError where (400..<500).contains(error.status.code): ErrorCode.invalidParameter.rawValue
        default: ErrorCode.systemError.rawValue
        }
    }

    /// The error envelope as a response; it cannot fail to encode.
    static func failure(_ error: CardplaneError, language: Language, headers: HTTPFields = [:]) -> Response {
        if let response = try? Envelope.failure(error, language: language).response(headers: headers) {
            return response
        }
        // Encoding three plain fields does not fail; should it ever, the answer is still an envelope.
        let body = #"{"code":1001,"data":null,"msg":"System error, please try again later"}"#
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }
}

extension Duration {
    /// Milliseconds with three decimals, for log lines.
    var millisecondsText: String {
        let (seconds, attoseconds) = components
        let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let fraction = micros % 1_000
        return "\(micros / 1_000).\(CivilDate.zeroPadded(Int(fraction), width: 3))"
    }
}
