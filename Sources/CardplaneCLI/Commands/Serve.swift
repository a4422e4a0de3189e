import ArgumentParser
import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneISOGateway
import CardplaneIssuer
import CardplaneStore
import CardplaneVault
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `cardplane serve`: migrate; on SQLite unless `--no-demo` (on PostgreSQL only with `--demo`), create
/// the demo BIN and package on a database without a BIN and the demo merchant on one without a merchant; run the KYC verification worker; serve until
/// SIGINT/SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Open API server.")

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "Interface to listen on. Default: $CARDPLANE_HOST, else 127.0.0.1.")
    var host: String?

    @Option(help: "TCP port. Default: $CARDPLANE_PORT, else 8080.")
    var port: Int?

    @Option(
        help:
            "Interface of the operator listener (/metrics, /readyz). Default: $CARDPLANE_OPERATOR_HOST, else 127.0.0.1."
    )
    var operatorHost: String?

    @Option(
        help: "TCP port of the operator listener; 0 picks a free one. Default: $CARDPLANE_OPERATOR_PORT, else 9464."
    )
    var operatorPort: Int?

    @Flag(
        inversion: .prefixedNo,
        help:
            "Record metrics and serve them at /metrics on the operator listener. Default: $CARDPLANE_METRICS, else on."
    )
    var metrics: Bool?

    @Option(help: "Requests per second per Api-Key. Default: $CARDPLANE_RATE_LIMIT, else 100.")
    var rateLimit: Int?

    @Option(help: "Burst per Api-Key. Default: $CARDPLANE_RATE_BURST, else 100.")
    var rateBurst: Int?

    @Option(help: "Access-Token lifetime in seconds (1…86400). Default: $CARDPLANE_TOKEN_LIFETIME, else 7200.")
    var tokenLifetime: Int?

    @Option(
        help:
            "Seconds a connection may wait for a complete request head (idle, or sending headers) before it is closed, 1…3600. Default: $CARDPLANE_IDLE_TIMEOUT, else 60."
    )
    var idleTimeout: Int?

    @Option(
        help:
            "Seconds a request may take before it is answered 1001 and its connection closed, 1…3600. Default: $CARDPLANE_REQUEST_TIMEOUT, else 30."
    )
    var requestTimeout: Int?

    @Option(
        name: .customLong("trusted-proxy"),
        help: "CIDR of a proxy whose X-Forwarded-For is believed; repeatable. Default: $CARDPLANE_TRUSTED_PROXIES."
    )
    var trustedProxies: [String] = []

    @Option(
        help: "Milliseconds from In_progress to the KYC decision. Default: $CARDPLANE_KYC_DECISION_DELAY_MS, else 2000."
    )
    var kycDecisionDelayMs: Int?

    @Option(
        help:
            "Milliseconds to wait for the card provider per call. Default: $CARDPLANE_CARD_PROVIDER_TIMEOUT_MS, else 5000."
    )
    var cardProviderTimeoutMs: Int?

    @Option(
        help:
            "Milliseconds the simulated provider takes to produce a physical card. Default: $CARDPLANE_CARD_PRODUCTION_DELAY_MS, else 2000."
    )
    var cardProductionDelayMs: Int?

    @Option(
        name: .customLong("callback-allow-network"),
        help:
            "CIDR of a non-public network callbacks may go to (loopback, private, link-local…); repeatable. Default: $CARDPLANE_CALLBACK_ALLOW_NETWORKS, else none."
    )
    var callbackAllowNetworks: [String] = []

    @Option(
        help:
            "PEM file of CA certificates trusted for callback TLS besides the system's. Default: $CARDPLANE_CALLBACK_CA_FILE, else none."
    )
    var callbackCaFile: String?

    @Flag(
        inversion: .prefixedNo,
        help:
            "Create the demo merchant, BIN and package on an empty database. Default: on for the embedded SQLite database, off for PostgreSQL."
    )
    var demo: Bool?

    @Flag(
        help:
            "Serve the card-network simulator under /simulator/v1 (moves money without authentication: never in production). Default: $CARDPLANE_SANDBOX=true, else off."
    )
    var sandbox = false

    @Option(
        help:
            "Export OpenTelemetry traces over OTLP/HTTP to this URL (e.g. http://127.0.0.1:4318). Default: $CARDPLANE_OTEL_ENDPOINT, else off."
    )
    var otelEndpoint: String?

    @Option(help: "TCP port of the ISO 8583 listener (off unless given; 0 picks a free one).")
    var iso8583Port: Int?

    @Option(help: "Interface of the ISO 8583 listener. Default: 127.0.0.1.")
    var iso8583Host = "127.0.0.1"

    @Option(help: "Seconds an ISO 8583 connection may stay silent before it is closed (an echo keeps it open).")
    var iso8583IdleSeconds = 120

    @Option(help: "trace, debug, info, notice, warning, error or critical. Default: $CARDPLANE_LOG_LEVEL, else info.")
    var logLevel: Logger.Level?

    func run() async throws {
        let tracing = try TracingSetup.make(
            endpoint: otelEndpoint ?? ProcessInfo.processInfo.environment["CARDPLANE_OTEL_ENDPOINT"]
        )
        let logger = LoggingSetup.bootstrap(level: logLevel, metadataProvider: tracing?.metadataProvider)
        var configuration = try serverConfiguration()
        configuration.tracesRequests = tracing != nil
        let databaseURL = try storeOptions.databaseURL()
        // Only a new embedded database may start with a new master key: any other database may
        // hold secrets sealed by a key this process must be given.
        let keyFile = try storeOptions.keyFile(logger: logger, mayCreate: databaseURL.isNewEmbedded)
        let monitoring = Monitoring.make(enabled: configuration.metricsEnabled)
        let store = try await Store.open(
            databaseURL,
            options: .init(listensForCacheChanges: true),
            metrics: monitoring.metrics,
            logger: logger
        )
        if configuration.sandbox {
            logger.warning("sandbox on: /simulator/v1 moves money without authentication; never use in production")
        }
        logger.info(
            "starting",
            metadata: [
                "version": .string(CardplaneVersion.current),
                "database": .string(databaseURL.description), "host": .string(configuration.host),
                "port": .stringConvertible(configuration.port),
                "sandbox": .stringConvertible(configuration.sandbox),
            ]
        )
        let services = try await store.closing {
            try CardplaneServices(
                configuration: configuration,
                store: store,
                masterKeys: keyFile,
                monitoring: monitoring,
                logger: logger
            )
        }
        let application = buildApplication(
            configuration: configuration,
            services: services,
            logger: logger,
            announceDemoMerchant: DemoAnnouncement.show,
            additionalServices: (tracing.map { [$0.service] } ?? []) + iso8583Listener(services, logger: logger)
        )
        do {
            try await application.runService()
        } catch {
            logger.error("stopped on an error", metadata: ["error": .string("\(type(of: error))")])
            throw error
        }
        logger.info("stopped")
    }

    /// The ISO 8583 front door, when `--iso8583-port` asks for it.
    func iso8583Listener(_ services: CardplaneServices, logger: Logger) -> [any Service] {
        guard let iso8583Port else { return [] }
        let processor = ISO8583Processor(
            transactions: services.transactions,
            vaultKeys: services.vaultKeys,
            logger: logger
        )
        return [
            ISO8583Listener(
                host: iso8583Host,
                port: iso8583Port,
                idleTimeoutMs: Int64(iso8583IdleSeconds) * 1_000,
                ready: services.ready,
                processor: processor,
                metrics: services.monitoring.metrics,
                logger: logger
            )
        ]
    }

    func serverConfiguration() throws -> ServerConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let proxies = try Self.blocks(trustedProxies, "--trusted-proxy", environment["CARDPLANE_TRUSTED_PROXIES"])
        let callbackNetworks = try Self.blocks(
            callbackAllowNetworks,
            "--callback-allow-network",
            environment["CARDPLANE_CALLBACK_ALLOW_NETWORKS"]
        )
        let isSandbox = sandbox || environment["CARDPLANE_SANDBOX"] == "true"
        let rate = try rateLimit ?? environment.int("CARDPLANE_RATE_LIMIT") ?? Limits.rateLimitPerSecondDefault
        let burst = try rateBurst ?? environment.int("CARDPLANE_RATE_BURST") ?? Limits.rateLimitBurstDefault
        guard rate >= 1, burst >= 1 else { throw ValidationError("--rate-limit and --rate-burst must be at least 1") }
        let lifetimeSeconds =
            try tokenLifetime ?? environment.int("CARDPLANE_TOKEN_LIFETIME")
            ?? Int(Limits.accessTokenLifetimeDefaultMs / 1_000)
        let lifetimeMs = Int64(lifetimeSeconds) * 1_000
        guard lifetimeMs > 0, lifetimeMs <= Limits.accessTokenLifetimeMaxMs else {
            throw ValidationError("--token-lifetime must be between 1 and 86400 seconds")
        }
        let idleSeconds = try idleTimeout ?? environment.int("CARDPLANE_IDLE_TIMEOUT") ?? 60
        let requestSeconds = try requestTimeout ?? environment.int("CARDPLANE_REQUEST_TIMEOUT") ?? 30
        guard (1...3_600).contains(idleSeconds), (1...3_600).contains(requestSeconds) else {
            throw ValidationError("--idle-timeout and --request-timeout must be between 1 and 3600 seconds")
        }
        let resolvedPort = try port ?? environment.int("CARDPLANE_PORT") ?? 8080
        guard (0...65_535).contains(resolvedPort) else { throw ValidationError("--port must be 0…65535") }
        if let iso8583Port, !(0...65_535).contains(iso8583Port) {
            throw ValidationError("--iso8583-port must be 0…65535")
        }
        guard (1...3_600).contains(iso8583IdleSeconds) else {
            throw ValidationError("--iso8583-idle-seconds must be between 1 and 3600")
        }
        let operatorListener = try operatorSettings(environment)
        return ServerConfiguration(
            host: host ?? environment["CARDPLANE_HOST"] ?? "127.0.0.1",
            port: resolvedPort,
            operatorHost: operatorListener.host,
            operatorPort: operatorListener.port,
            metricsEnabled: operatorListener.metrics,
            rateLimit: RateLimitPolicy(ratePerSecond: rate, burst: burst),
            accessTokenLifetimeMs: lifetimeMs,
            idleTimeoutMs: Int64(idleSeconds) * 1_000,
            requestTimeoutMs: Int64(requestSeconds) * 1_000,
            trustedProxies: proxies,
            createsDemoData: try demo ?? storeOptions.databaseURL().isEmbedded,
            kycWorker: try kycSettings(environment),
            cards: try cardSettings(environment),
            callbackDestinations: CallbackDestinationPolicy(
                allowsPlainHTTP: isSandbox,
                allowedNetworks: callbackNetworks
            ),
            callbackCAFile: callbackCaFile ?? environment["CARDPLANE_CALLBACK_CA_FILE"],
            sandbox: isSandbox
        )
    }

    /// CIDR blocks from a repeatable flag, else from a comma-separated environment variable.
    static func blocks(_ flags: [String], _ flag: String, _ environment: String?) throws -> [CIDRBlock] {
        let texts =
            flags.isEmpty
            ? (environment?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []) : flags
        return try texts.map { text in
            guard let block = CIDRBlock(text) else { throw ValidationError("\(flag): \(text) is not a CIDR block") }
            return block
        }
    }
}

extension Serve {
    /// The operator listener's host and port, and whether metrics are on.
    func operatorSettings(_ environment: [String: String]) throws -> (host: String, port: Int, metrics: Bool) {
        let port = try operatorPort ?? environment.int("CARDPLANE_OPERATOR_PORT") ?? 9_464
        guard (0...65_535).contains(port) else { throw ValidationError("--operator-port must be 0…65535") }
        let metricsText = environment["CARDPLANE_METRICS"]
        guard metricsText == nil || metricsText == "true" || metricsText == "false" else {
            throw ValidationError("$CARDPLANE_METRICS must be true or false")
        }
        return (
            operatorHost ?? environment["CARDPLANE_OPERATOR_HOST"] ?? "127.0.0.1", port,
            metrics ?? (metricsText != "false")
        )
    }

    func kycSettings(_ environment: [String: String]) throws -> KYCVerificationWorker.Settings {
        let delay = try kycDecisionDelayMs ?? environment.int("CARDPLANE_KYC_DECISION_DELAY_MS") ?? 2_000
        guard (0...3_600_000).contains(delay) else {
            throw ValidationError("--kyc-decision-delay-ms must be between 0 and 3600000")
        }
        return KYCVerificationWorker.Settings(decisionDelayMs: Int64(delay))
    }
}

extension Serve {
    func cardSettings(_ environment: [String: String]) throws -> CardIssuer.Settings {
        let timeout =
            try cardProviderTimeoutMs ?? environment.int("CARDPLANE_CARD_PROVIDER_TIMEOUT_MS")
            ?? Int(Limits.cardProviderTimeoutDefaultMs)
        let production =
            try cardProductionDelayMs ?? environment.int("CARDPLANE_CARD_PRODUCTION_DELAY_MS")
            ?? Int(Limits.cardProductionDelayDefaultMs)
        guard (1...60_000).contains(timeout) else {
            throw ValidationError("--card-provider-timeout-ms must be between 1 and 60000")
        }
        guard (0...86_400_000).contains(production) else {
            throw ValidationError("--card-production-delay-ms must be between 0 and 86400000")
        }
        return CardIssuer.Settings(providerTimeoutMs: Int64(timeout), productionDelayMs: Int64(production))
    }
}

/// Prints the demo merchant's credentials once, on the start that created it.
enum DemoAnnouncement {
    @Sendable static func show(_ demo: OnboardedMerchant) {
        Output.line(
            """

            Demo merchant created (shown once; keep these):
              merchant_no: \(demo.merchant.merchantNo)
              mode:        \(demo.merchant.mode.rawValue)
              Api-Key:     \(demo.credential.apiKey.reveal())
              apiSecret:   \(demo.credential.apiSecret.reveal())
              allowed IPs: \(demo.merchant.ipAllowlist.map(\.description).joined(separator: ", "))

            """
        )
    }
}

extension Dictionary where Key == String, Value == String {
    /// The variable as an integer; `nil` when unset, an error when set to anything else.
    func int(_ key: String) throws -> Int? {
        guard let text = self[key] else { return nil }
        guard let value = Int(text) else { throw ValidationError("$\(key) must be an integer") }
        return value
    }
}
