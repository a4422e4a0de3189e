public import CardplaneCore
public import CardplaneIssuer
public import Hummingbird

/// Runs the auth chain (``Authenticator``) before every `/open-api` route and puts the
/// authenticated merchant into the context.
///
/// Get Token uses it with `requiresAccessToken: false`; every other route with `true`. Once the rate-limit
/// step has passed, every answer carries the `RateLimit-*` headers: successes directly, errors wrapped in
/// ``ErrorWithHeaders`` for ``EnvelopeMiddleware`` to render.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = CardplaneRequestContext

    let authenticator: Authenticator
    let clientAddresses: ClientAddressResolver
    let requiresAccessToken: Bool

    public init(authenticator: Authenticator, clientAddresses: ClientAddressResolver, requiresAccessToken: Bool) {
        self.authenticator = authenticator
        self.clientAddresses = clientAddresses
        self.requiresAccessToken = requiresAccessToken
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // One reading of the cache generation serves every cache this request consults.
        try await authenticator.cacheGeneration.scope {
            try await authenticate(request, context: context, next: next)
        }
    }

    private func authenticate(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let presented = PresentedCredentials(
            apiKey: request.headers[.apiKey],
            timestamp: request.headers[.timestamp],
            clientAddress: clientAddresses.clientAddress(
                peer: context.remoteAddress?.ipAddress.flatMap(IPAddress.init),
                forwardedFor: request.headers[values: .xForwardedFor].joined(separator: ",").nilIfEmpty
            )
        )
        let authenticated = try await authenticator.authenticateKey(presented)
        // The request has spent a token from here on, so every answer, success or error, says so.
        let rateLimitFields = RateLimitHeaders.fields(
            policy: authenticator.rateLimit,
            decision: authenticated.rateLimit
        )
        do {
            if requiresAccessToken {
                try await authenticator.verifyAccessToken(request.headers[.accessToken], for: authenticated)
            }
            var context = context
            context.authenticated = authenticated
            var response = try await next(request, context)
            response.headers.append(contentsOf: rateLimitFields)
            return response
        } catch {
            throw ErrorWithHeaders(underlying: error, headers: rateLimitFields)
        }
    }
}

/// Refuses merchants whose integration mode the route is not for (1012, spec §2 and §4).
public struct ModeGateMiddleware: RouterMiddleware {
    public typealias Context = CardplaneRequestContext

    let audience: EndpointAudience

    public init(_ audience: EndpointAudience) {
        self.audience = audience
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard audience.admits(context.requireAuthenticated.merchant.mode) else {
            throw CardplaneError(.integrationModeNotSupported)
        }
        return try await next(request, context)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// A failure that must still carry headers (the rate-limit fields) when ``EnvelopeMiddleware`` renders it.
struct ErrorWithHeaders: Error {
    var underlying: any Error
    var headers: HTTPFields
}
