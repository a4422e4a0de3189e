public import CardplaneCore
public import CardplaneVault

/// The credentials a request presents, as read from its headers and socket.
public struct PresentedCredentials: Sendable {
    /// The `Api-Key` header.
    public var apiKey: String?
    /// The `Timestamp` header.
    public var timestamp: String?
    /// The client's address, resolved from the socket peer and trusted proxies.
    public var clientAddress: IPAddress?

    public init(apiKey: String?, timestamp: String?, clientAddress: IPAddress?) {
        self.apiKey = apiKey
        self.timestamp = timestamp
        self.clientAddress = clientAddress
    }
}

/// A request whose Api-Key passed the chain up to the rate limit.
public struct AuthenticatedKey: Sendable {
    public var merchant: Merchant
    public var key: APIKey
    /// The rate-limit outcome of this request, for the `RateLimit-*` headers.
    public var rateLimit: RateLimitDecision
}

/// An issued Access-Token and its expiry (spec §3.1 `access_token`, `expired_time`).
public struct AccessTokenGrant: Sendable {
    public var accessToken: Sensitive<String>
    /// Expiry in Unix milliseconds.
    public var expiredTimeMs: Int64
}

/// 1009: the Api-Key's bucket is empty. Carries what the `RateLimit-*` and `Retry-After` headers need.
public struct RateLimitedError: Error, Sendable, CustomStringConvertible {
    public var policy: RateLimitPolicy
    public var decision: RateLimitDecision

    public var description: String { "rate limited (1009)" }
}
