public import CardplaneApp
public import CardplaneCore
import CardplaneHTTP
public import CardplaneIssuer
public import CardplaneNetwork
public import CardplaneStore
public import CardplaneVault
import Hummingbird
public import HummingbirdTesting

/// A running Cardplane server on a throwaway database, with what tests need to drive it.
public struct TestServer: Sendable {
    public let kind: StoreKind
    public let services: CardplaneServices
    public let clock: TestClock
    public let keyRing: KeyRing
    public let client: any TestClientProtocol

    public var store: Store { services.store }

    /// Operator actions on the same store the server uses.
    public var administration: MerchantAdministration { services.administration }

    /// Starts a live server (real sockets, so the client address is real) on a fresh database of
    /// `kind`, runs `body`, and tears everything down.
    public static func with(
        _ kind: StoreKind,
        configuration: ServerConfiguration = TestServer.configuration,
        _ body: @Sendable (TestServer) async throws -> Void
    ) async throws {
        try await TestDatabase.with(kind) { database in
            try await with(
                database: database,
                keyRing: .generate(),
                clock: TestClock(),
                configuration: configuration,
                body
            )
        }
    }

    /// Starts a live server on an existing database with the given keys and clock, so a test can
    /// stop a server and start another on the same data (a restart).
    @discardableResult
    public static func with<Value: Sendable>(
        database: TestDatabase,
        keyRing: KeyRing,
        clock: TestClock,
        configuration: ServerConfiguration = TestServer.configuration,
        runsBackgroundWorkers: Bool = false,
        cardProvider: any CardProvider = SimulatedCardProvider(),
        _ body: @Sendable (TestServer) async throws -> Value
    ) async throws -> Value {
        // Every test server counts what it does in a registry of its own, read back by metric tests.
        let monitoring = Monitoring.make(enabled: configuration.metricsEnabled)
        let store = try await Store.open(
            database.url,
            // In-process test servers read the cache generation per round (an intermittent hang at
            // the teardown of listening in-process servers is not yet understood); the listener is
            // tested by CacheChangeListenerTests and by the `cardplane serve` processes of ServeTests.
            options: .init(listensForCacheChanges: false),
            metrics: monitoring.metrics,
            logger: TestLogging.logger
        )
        var configuration = configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        // Tests reach the operator routes in process (``operatorClient``), not on a port of their own.
        configuration.operatorPort = nil
        configuration.createsDemoData = false
        if !runsBackgroundWorkers {
            // Tests drive the workers themselves (`services.kycWorker.runOnce()`,
            // `services.cardProduction.runOnce()`, `services.callbacks.runOnce()`), deterministically.
            configuration.kycWorker.pollIntervalMs = 3_600_000
            configuration.cardProductionPollIntervalMs = 3_600_000
            configuration.callbacks.pollIntervalMs = 3_600_000
            configuration.housekeepingPollIntervalMs = 3_600_000
        }
        let services = try await store.closing {
            try CardplaneServices(
                configuration: configuration,
                store: store,
                masterKeys: keyRing,
                clock: clock,
                cardProvider: cardProvider,
                monitoring: monitoring,
                logger: TestLogging.logger
            )
        }
        let application = buildApplication(configuration: configuration, services: services, logger: TestLogging.logger)
        return try await application.test(.live) { client in
            try await body(
                TestServer(kind: database.kind, services: services, clock: clock, keyRing: keyRing, client: client)
            )
        }
    }

    /// Callbacks to loopback, over plain HTTP too: where test merchants (``CallbackReceiver``) listen.
    public static let loopbackCallbacks = CallbackDestinationPolicy(
        allowsPlainHTTP: true,
        allowedNetworks: [CIDRBlock("127.0.0.0/8")!, CIDRBlock("::1/128")!]
    )

    /// The defaults, with callbacks to ``loopbackCallbacks`` and a 10-minute idle timeout: what a
    /// test starts from.
    ///
    /// The test client keeps one connection for the whole test, and the full suite starts every
    /// test at once on two cores, so a test may wait over a minute between two of its requests;
    /// with the default 60 s the server closes the idle connection and the next request fails with
    /// "I/O on closed channel". Tests of the idle timeout set their own.
    public static var configuration: ServerConfiguration {
        var configuration = ServerConfiguration(callbackDestinations: loopbackCallbacks)
        configuration.idleTimeoutMs = 600_000
        return configuration
    }

    /// Onboards a merchant callable from loopback and returns it with its credential.
    public func onboard(
        mode: IntegrationMode = .creditExtension,
        allowlist: [String] = ["127.0.0.1/32", "::1/128"],
        keyExpiresAtMs: Int64? = nil
    ) async throws -> OnboardedMerchant {
        try await administration.createMerchant(
            name: "Test Merchant",
            mode: mode,
            ipAllowlist: allowlist.compactMap(CIDRBlock.init),
            keyExpiresAtMs: keyExpiresAtMs
        )
    }
}
