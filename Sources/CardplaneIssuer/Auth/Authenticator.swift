public import CardplaneCore
public import CardplaneStore
public import CardplaneTelemetry
import CardplaneVault

/// The merchant auth chain (spec §3, §13): Api-Key, Timestamp, client IP, key and merchant status,
/// rate limit, Access-Token.
///
/// Checks run in this order, one line each in ``authenticateKey(_:)``, and
/// `docs/reference/errors.md` lists the same order:
///
/// 1. 1002 `Api-Key` missing or empty
/// 2. 1005 `Timestamp` missing, malformed, older than 60 s or ahead beyond the skew allowance
/// 3. 1008 no such Api-Key (1021 if its merchant row were missing, which the foreign key prevents);
///    1009 instead when the client address has sent too many unknown keys (``Limits/unknownKeyRateLimit``)
/// 4. 1003 client address not on the merchant's allowlist
/// 5. 1021 merchant closed
/// 6. 1022 merchant disabled
/// 7. 1010 key revoked
/// 8. 1011 key expired
/// 9. 1009 the key's token bucket is empty
/// 10. 1006 `Access-Token` missing (every route but Get Token)
/// 11. 1007 `Access-Token` unknown, expired, or issued to another key
///
/// The mode check (1012) follows in the HTTP edge, which knows the route.
///
/// Nothing here writes to the database on a request's way through: keys, merchants and tokens
/// come from a per-process cache that every change invalidates (``CredentialCache``, ADR 0012),
/// and the rate limit spends tokens leased from the shared bucket (``RateLimiter``, ADR 0011).
public struct Authenticator: Sendable {
    let store: Store
    let clock: any WallClock
    /// The rate limit applied to every Api-Key.
    public let rateLimit: RateLimitPolicy
    /// The cache generation every request reads once (``AuthMiddleware`` scopes each request in it).
    public let cacheGeneration: CacheGeneration
    private let credentials: CredentialCache
    private let rateLimiter: RateLimiter
    /// Requests with unknown Api-Keys, per client address (``Limits/unknownKeyRateLimit``).
    private let unknownKeys = AddressRateLimiter(policy: Limits.unknownKeyRateLimit)
    /// Lifetime of issued Access-Tokens, milliseconds.
    public let accessTokenLifetimeMs: Int64
    /// Counts refusals by code and rate-limited requests.
    let metrics: OperatorMetrics

    public init(
        store: Store,
        clock: any WallClock,
        rateLimit: RateLimitPolicy = .init(),
        accessTokenLifetimeMs: Int64 = Limits.accessTokenLifetimeDefaultMs,
        metrics: OperatorMetrics = .disabled
    ) {
        precondition(accessTokenLifetimeMs > 0 && accessTokenLifetimeMs <= Limits.accessTokenLifetimeMaxMs)
        self.store = store
        self.clock = clock
        self.rateLimit = rateLimit
        self.accessTokenLifetimeMs = accessTokenLifetimeMs
        self.metrics = metrics
        self.cacheGeneration = CacheGeneration(store: store)
        self.credentials = CredentialCache(store: store, generation: cacheGeneration)
        self.rateLimiter = RateLimiter(policy: rateLimit, store: store)
    }

    /// Steps 1–9: the merchant and key behind a request's credentials, with the rate-limit outcome.
    ///
    /// - Throws: ``CardplaneError`` with the first failing step's code; ``RateLimitedError`` for 1009.
    public func authenticateKey(_ presented: PresentedCredentials) async throws -> AuthenticatedKey {
        try await counted { try await key(presented) }
    }

    private func key(_ presented: PresentedCredentials) async throws -> AuthenticatedKey {
        guard let apiKeyText = presented.apiKey, !apiKeyText.isEmpty else { throw CardplaneError(.apiKeyRequired) }
        let nowMs = clock.nowMs()
        _ = try RequestTimestamp.validate(presented.timestamp, nowMs: nowMs)
        guard apiKeyText.utf8.count <= Limits.credentialHeaderLengthMax else { throw CardplaneError(.apiKeyNotFound) }
        let digest = CredentialDigest.digest(Sensitive(apiKeyText))
        guard let found = try await credentials.key(digest: digest) else {
            let decision = unknownKeys.take(presented.clientAddress, nowMs: nowMs)
            guard decision.allowed else { throw RateLimitedError(policy: unknownKeys.policy, decision: decision) }
            throw CardplaneError(.apiKeyNotFound)
        }
        let key = found.key
        guard let merchant = found.merchant else { throw CardplaneError(.merchantNotFound) }
        guard let client = presented.clientAddress, merchant.ipAllowlist.contains(where: { $0.contains(client) })
        else { throw CardplaneError(.ipNotAllowed) }
        if let refusal = merchant.status.refusal { throw CardplaneError(refusal) }
        if let refusal = key.refusal(atMs: nowMs) { throw CardplaneError(refusal) }
        let decision = try await rateLimiter.take(keyID: key.id, nowMs: nowMs)
        guard decision.allowed else { throw RateLimitedError(policy: rateLimit, decision: decision) }
        return AuthenticatedKey(merchant: merchant, key: key, rateLimit: decision)
    }

    /// Steps 10–11 for a key that passed ``authenticateKey(_:)``.
    public func verifyAccessToken(_ token: String?, for authenticated: AuthenticatedKey) async throws {
        try await counted { try await verify(token, for: authenticated) }
    }

    private func verify(_ token: String?, for authenticated: AuthenticatedKey) async throws {
        guard let token, !token.isEmpty else { throw CardplaneError(.accessTokenRequired) }
        guard token.utf8.count <= Limits.credentialHeaderLengthMax else { throw CardplaneError(.accessTokenInvalid) }
        let digest = CredentialDigest.digest(Sensitive(token))
        let stored = try await credentials.token(digest: digest)
        guard let stored, stored.expiresAtMs > clock.nowMs(),
            ConstantTime.equals(stored.apiKeyID.utf8, authenticated.key.id.utf8)
        else { throw CardplaneError(.accessTokenInvalid) }
    }

    /// `step`'s answer; a refusal it throws is counted by code, a rate limit as such.
    private func counted<Value>(_ step: () async throws -> Value) async throws -> Value {
        do {
            return try await step()
        } catch let refusal as CardplaneError {
            metrics.authRefused(code: refusal.code.rawValue)
            throw refusal
        } catch let limited as RateLimitedError {
            metrics.rateLimitRefused()
            throw limited
        }
    }

    /// Issues an Access-Token for a key that passed ``authenticateKey(_:)`` (Get Token, spec §3.1).
    public func issueAccessToken(for authenticated: AuthenticatedKey) async throws -> AccessTokenGrant {
        let token = CredentialGenerator.accessToken()
        let nowMs = clock.nowMs()
        let expiresAtMs = nowMs + accessTokenLifetimeMs
        try await store.withTransaction { database in
            let records = AccessTokenRecords(database)
            try await records.deleteExpired(apiKeyID: authenticated.key.id, nowMs: nowMs)
            try await records.insert(
                tokenDigest: CredentialDigest.digest(token),
                apiKeyID: authenticated.key.id,
                createdAtMs: nowMs,
                expiresAtMs: expiresAtMs
            )
            try await records.retireOldest(apiKeyID: authenticated.key.id, keeping: Limits.accessTokensPerKeyMax)
        }
        return AccessTokenGrant(accessToken: token, expiredTimeMs: expiresAtMs)
    }
}
