public import CardplaneCore
public import CardplaneIssuer
public import Hummingbird
public import NIOCore

/// Per-request state: the client's socket address, the language of messages and, once the auth
/// chain has run, the authenticated merchant and key.
public struct CardplaneRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer; the client's address after trusted-proxy resolution is in ``AuthMiddleware``.
    public let remoteAddress: SocketAddress?
    /// The language chosen by the `Language` header, set by ``EnvelopeMiddleware``.
    public var language: Language = .fallback
    /// Set by ``AuthMiddleware`` for every authenticated route.
    public var authenticated: AuthenticatedKey?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Bodies above this size are refused before they are read.
    public var maxUploadSize: Int { Limits.requestBodySizeMax }

    /// The authenticated key, for handlers behind ``AuthMiddleware``.
    ///
    /// A handler reached without it is a routing mistake, so this traps rather than answers.
    public var requireAuthenticated: AuthenticatedKey {
        guard let authenticated else { preconditionFailure("route registered outside the auth chain") }
        return authenticated
    }
}
