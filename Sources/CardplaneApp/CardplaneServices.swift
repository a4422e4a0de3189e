public import CardplaneCore
public import CardplaneIssuer
public import CardplaneNetwork
public import CardplaneStore
import CardplaneTelemetry
public import CardplaneVault
public import Logging

/// Everything the server runs, built once from the configuration: the use cases the routes call
/// and the background workers. Tests reach the same objects the routes use.
public struct CardplaneServices: Sendable {
    public let store: Store
    public let clock: any WallClock
    public let authenticator: Authenticator
    public let administration: MerchantAdministration
    public let catalog: CardCatalog
    public let cardholders: CardholderRegistry
    public let treasury: Treasury
    public let accounts: CardholderAccounts
    public let kycWorker: KYCVerificationWorker
    public let vaultKeys: CardVaultKeys
    public let cardIssuer: CardIssuer
    public let cards: CardManagement
    public let hostedCards: HostedCardDisplay
    public let cardProduction: CardProductionWorker
    public let callbacks: CallbackDispatcher
    public let transactions: CardTransactions
    public let housekeeping: HousekeepingWorker
    /// `Idempotency-Key` claims and kept answers.
    public let idempotentRequests: IdempotentRequests
    /// Operator actions and merchant calls that change state, hash-chained.
    public let audit: AuditLog
    /// Console accounts, sign-in and sessions.
    public let consoleAccess: ConsoleAccess
    /// The KYC worker's delay from In_progress to decision, for tests that move a clock past it.
    public let kycWorkerDecisionDelayMs: Int64
    /// Opened once the schema is migrated; background workers wait for it.
    public let ready: StartupSignal
    /// The server's metrics, served by the operator listener.
    public let monitoring: Monitoring
    /// The background workers inside their run loop now (readiness).
    public let runningWorkers = RunningWorkers()
    /// The master keys, checked against the database's sentinels at start (``MasterKeyCheck``).
    let masterKeys: any MasterKeySource

    /// Builds every service; callbacks go through ``CallbackClient`` unless `callbackTransport` is given.
    /// `monitoring` should be the one `store` was opened with, so one registry holds every metric.
    ///
    /// - Throws: ``CallbackClientError/unreadableCAFile(_:)`` when the callback CA file cannot be read.
    public init(
        configuration: ServerConfiguration,
        store: Store,
        masterKeys: any MasterKeySource,
        clock: any WallClock = SystemClock(),
        kycProvider: any KYCProvider = SimulatedKYCProvider(),
        cardProvider: any CardProvider = SimulatedCardProvider(),
        callbackTransport: (any CallbackTransport)? = nil,
        addressRules: AddressRules = AddressRules(postalDirectory: PostalData.directory),
        monitoring: Monitoring = .off,
        logger: Logger
    ) throws {
        let callbackTransport = try callbackTransport ?? Self.callbackClient(configuration)
        let sealer = SecretSealer(keys: masterKeys)
        let ready = StartupSignal()
        let wiring = Wiring(
            configuration: configuration,
            store: store,
            clock: clock,
            metrics: monitoring.metrics,
            ready: ready,
            logger: logger
        )
        self.masterKeys = masterKeys
        self.store = store
        self.clock = clock
        self.monitoring = monitoring
        self.ready = ready
        (authenticator, idempotentRequests) = Self.edge(wiring)
        audit = AuditLog(store: store)
        consoleAccess = ConsoleAccess(store: store, clock: clock, settings: configuration.console)
        self.administration = MerchantAdministration(
            store: store,
            sealer: sealer,
            clock: clock,
            callbackDestinations: configuration.callbackDestinations
        )
        self.catalog = CardCatalog(store: store, clock: clock)
        cardholders = CardholderRegistry(store: store, sealer: sealer, provider: kycProvider, clock: clock)
        self.treasury = Treasury(store: store, clock: clock)
        accounts = CardholderAccounts(store: store, clock: clock, cardholders: cardholders, metrics: wiring.metrics)
        self.kycWorkerDecisionDelayMs = configuration.kycWorker.decisionDelayMs
        vaultKeys = CardVaultKeys(store: store, masterKeys: masterKeys, clock: clock)
        let credentials = MerchantCredentials(store: store, sealer: sealer, clock: clock, logger: logger)
        transactions = Self.transactions(
            wiring,
            vaultKeys: vaultKeys,
            credentials: credentials,
            transport: callbackTransport
        )
        (cardIssuer, cards, cardProduction) = Self.cardServices(
            wiring,
            cardholders: cardholders,
            vaultKeys: vaultKeys,
            credentials: credentials,
            provider: cardProvider,
            addressRules: addressRules
        )
        hostedCards = HostedCardDisplay(store: store, clock: clock, cards: cards, sealer: sealer)
        (callbacks, housekeeping, kycWorker) = Self.workers(
            wiring,
            credentials: credentials,
            housekeeping: (transactions, cardIssuer, hostedCards, idempotentRequests),
            kycProvider: kycProvider,
            callbackTransport: callbackTransport
        )
    }

    /// What every builder below needs.
    struct Wiring {
        let configuration: ServerConfiguration
        let store: Store
        let clock: any WallClock
        let metrics: OperatorMetrics
        let ready: StartupSignal
        let logger: Logger
    }

    /// What every request meets at the edge: the auth chain, with the configured rate limit and
    /// token lifetime, and `Idempotency-Key`, whose claims follow the request deadline.
    static func edge(_ wiring: Wiring) -> (Authenticator, IdempotentRequests) {
        let authenticator = Authenticator(
            store: wiring.store,
            clock: wiring.clock,
            rateLimit: wiring.configuration.rateLimit,
            accessTokenLifetimeMs: wiring.configuration.accessTokenLifetimeMs,
            metrics: wiring.metrics
        )
        let idempotentRequests = IdempotentRequests(
            store: wiring.store,
            clock: wiring.clock,
            requestTimeoutMs: wiring.configuration.requestTimeoutMs
        )
        return (authenticator, idempotentRequests)
    }

    /// Cardplane's own callback client, with the configured destinations and CA file.
    static func callbackClient(_ configuration: ServerConfiguration) throws -> CallbackClient {
        try CallbackClient(policy: configuration.callbackDestinations, caFile: configuration.callbackCAFile)
    }

    /// The transaction engine, with the real-time merchant authorizer on the callback transport.
    static func transactions(
        _ wiring: Wiring,
        vaultKeys: CardVaultKeys,
        credentials: MerchantCredentials,
        transport: any CallbackTransport
    ) -> CardTransactions {
        CardTransactions(
            store: wiring.store,
            clock: wiring.clock,
            vaultKeys: vaultKeys,
            merchantAuthorizer: MerchantAuthorizer(
                store: wiring.store,
                clock: wiring.clock,
                credentials: credentials,
                transport: transport,
                metrics: wiring.metrics,
                logger: wiring.logger
            ),
            settings: wiring.configuration.transactions,
            metrics: wiring.metrics,
            logger: wiring.logger
        )
    }

    /// Card issuance, management and the production worker, on one card provider.
    static func cardServices(
        _ wiring: Wiring,
        cardholders: CardholderRegistry,
        vaultKeys: CardVaultKeys,
        credentials: MerchantCredentials,
        provider: any CardProvider,
        addressRules: AddressRules
    ) -> (CardIssuer, CardManagement, CardProductionWorker) {
        let issuer = CardIssuer(
            store: wiring.store,
            clock: wiring.clock,
            cardholders: cardholders,
            vaultKeys: vaultKeys,
            provider: provider,
            addressRules: addressRules,
            settings: wiring.configuration.cards,
            logger: wiring.logger
        )
        let cards = CardManagement(
            store: wiring.store,
            clock: wiring.clock,
            cardholders: cardholders,
            vaultKeys: vaultKeys,
            provider: provider,
            credentials: credentials,
            providerTimeoutMs: wiring.configuration.cards.providerTimeoutMs,
            logger: wiring.logger
        )
        let production = CardProductionWorker(
            store: wiring.store,
            clock: wiring.clock,
            pollIntervalMs: wiring.configuration.cardProductionPollIntervalMs,
            ready: wiring.ready,
            logger: wiring.logger
        )
        return (issuer, cards, production)
    }

    /// The background workers: callback delivery, housekeeping (the jobs of `services`) and KYC decisions.
    static func workers(
        _ wiring: Wiring,
        credentials: MerchantCredentials,
        housekeeping services: (
            transactions: CardTransactions,
            cardIssuer: CardIssuer,
            hostedCards: HostedCardDisplay,
            idempotentRequests: IdempotentRequests
        ),
        kycProvider: any KYCProvider,
        callbackTransport: any CallbackTransport
    ) -> (CallbackDispatcher, HousekeepingWorker, KYCVerificationWorker) {
        let callbacks = CallbackDispatcher(
            store: wiring.store,
            clock: wiring.clock,
            credentials: credentials,
            transport: callbackTransport,
            settings: wiring.configuration.callbacks,
            ready: wiring.ready,
            metrics: wiring.metrics,
            logger: wiring.logger
        )
        let jobs = HousekeepingWorker.jobs(
            transactions: services.transactions,
            cardIssuer: services.cardIssuer,
            hostedCards: services.hostedCards,
            idempotentRequests: services.idempotentRequests,
            listCounts: ListCountRollup(store: wiring.store, clock: wiring.clock)
        )
        let housekeeping = HousekeepingWorker(
            jobs: jobs,
            pollIntervalMs: wiring.configuration.housekeepingPollIntervalMs,
            ready: wiring.ready,
            logger: wiring.logger
        )
        let kyc = KYCVerificationWorker(
            store: wiring.store,
            provider: kycProvider,
            clock: wiring.clock,
            settings: wiring.configuration.kycWorker,
            ready: wiring.ready,
            logger: wiring.logger
        )
        return (callbacks, housekeeping, kyc)
    }
}
