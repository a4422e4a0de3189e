public import CardplaneCore
public import CardplaneIssuer

/// How `cardplane serve` runs. Every field has a flag and an environment variable in the command
/// line; `docs/operating/configuration.md` lists them with their defaults.
public struct ServerConfiguration: Sendable {
    /// Interface to listen on. Default `127.0.0.1`.
    public var host: String
    /// TCP port. Default 8080; 0 picks a free port (tests).
    public var port: Int
    /// Interface of the operator listener (`/metrics`, `/readyz`). Default `127.0.0.1`.
    public var operatorHost: String
    /// Its TCP port; `nil` runs no operator listener. Default 9464; 0 picks a free port.
    public var operatorPort: Int?
    /// Whether metrics are recorded and served. Default true.
    public var metricsEnabled: Bool
    /// Whether each request gets a span (Hummingbird's tracing middleware): on when `serve
    /// --otel-endpoint` exports traces. Default false.
    public var tracesRequests: Bool
    /// The per-Api-Key token bucket. Default 100 requests/s, burst 100.
    public var rateLimit: RateLimitPolicy
    /// Access-Token lifetime, milliseconds. Default 2 hours; at most 24 hours.
    public var accessTokenLifetimeMs: Int64
    /// Milliseconds a connection may wait for a complete request head — idle between requests or
    /// sending its headers — before it is closed. Default 60000.
    public var idleTimeoutMs: Int64
    /// Milliseconds a request may take before it is answered 1001 and its connection closed.
    /// Default 30000.
    public var requestTimeoutMs: Int64
    /// Proxies whose `X-Forwarded-For` is believed. Default none.
    public var trustedProxies: [CIDRBlock]
    /// Whether an empty database gets the demo merchant, BIN and package at start. Default true;
    /// turn it off in production.
    public var createsDemoData: Bool
    /// Timing of the background KYC verification.
    public var kycWorker: KYCVerificationWorker.Settings
    /// Card provider timeout and simulated production time.
    public var cards: CardIssuer.Settings
    /// Real time between scans for produced physical cards, milliseconds. Default 500.
    public var cardProductionPollIntervalMs: Int64
    /// Delivery of callbacks to merchants.
    public var callbacks: CallbackDispatcher.Settings
    /// Where callbacks may go: `https` only and public addresses only, unless allowed (ADR 0014).
    public var callbackDestinations: CallbackDestinationPolicy
    /// PEM certificates trusted for callback TLS besides the system's, for a private PKI. Default none.
    public var callbackCAFile: String?
    /// Authorization holds and the merchant's real-time answer.
    public var transactions: CardTransactions.Settings
    /// Real time between scans for expired authorizations and due management fees, milliseconds.
    /// Default 60000.
    public var housekeepingPollIntervalMs: Int64
    /// Whether the card-network simulator answers under `/simulator` (test helpers that move
    /// money). Default false; `serve --sandbox` turns it on. Never on in production.
    public var sandbox: Bool
    /// Console sessions, sign-in lock and password cost.
    public var console = ConsoleAccess.Settings()

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        operatorHost: String = "127.0.0.1",
        operatorPort: Int? = 9_464,
        metricsEnabled: Bool = true,
        tracesRequests: Bool = false,
        rateLimit: RateLimitPolicy = .init(),
        accessTokenLifetimeMs: Int64 = Limits.accessTokenLifetimeDefaultMs,
        idleTimeoutMs: Int64 = 60_000,
        requestTimeoutMs: Int64 = 30_000,
        trustedProxies: [CIDRBlock] = [],
        createsDemoData: Bool = true,
        kycWorker: KYCVerificationWorker.Settings = .init(),
        cards: CardIssuer.Settings = .init(),
        cardProductionPollIntervalMs: Int64 = 500,
        callbacks: CallbackDispatcher.Settings = .init(),
        callbackDestinations: CallbackDestinationPolicy = .init(),
        callbackCAFile: String? = nil,
        transactions: CardTransactions.Settings = .init(),
        housekeepingPollIntervalMs: Int64 = 60_000,
        sandbox: Bool = false
    ) {
        self.host = host
        self.port = port
        self.operatorHost = operatorHost
        self.operatorPort = operatorPort
        self.metricsEnabled = metricsEnabled
        self.tracesRequests = tracesRequests
        self.rateLimit = rateLimit
        self.accessTokenLifetimeMs = accessTokenLifetimeMs
        self.idleTimeoutMs = idleTimeoutMs
        self.requestTimeoutMs = requestTimeoutMs
        self.trustedProxies = trustedProxies
        self.createsDemoData = createsDemoData
        self.kycWorker = kycWorker
        self.cards = cards
        self.cardProductionPollIntervalMs = cardProductionPollIntervalMs
        self.callbacks = callbacks
        self.callbackDestinations = callbackDestinations
        self.callbackCAFile = callbackCAFile
        self.transactions = transactions
        self.housekeepingPollIntervalMs = housekeepingPollIntervalMs
        self.sandbox = sandbox
    }
}
