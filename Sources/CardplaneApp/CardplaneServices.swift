public import CardplaneCore
public import CardplaneIssuer
public import CardplaneNetwork
public import CardplaneStore
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
    /// The KYC worker's delay from In_progress to decision, for tests that move a clock past it.
    public let kycWorkerDecisionDelayMs: Int64
    /// Opened once the schema is migrated; background workers wait for it.
    public let ready: StartupSignal
    /// The master keys, checked against the database's sentinels at start (``MasterKeyCheck``).
    let masterKeys: any MasterKeySource

    /// Builds every service; callbacks go through ``CallbackClient`` unless `callbackTransport` is given.
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
        logger: Logger
    ) throws {
        let callbackTransport = try callbackTransport ?? Self.callbackClient(configuration)
        let sealer = SecretSealer(keys: masterKeys)
        self.masterKeys = masterKeys
        self.store = store
        self.clock = clock
        ready = StartupSignal()
        (authenticator, idempotentRequests) = Self.edge(configuration, store: store, clock: clock)
        self.administration = MerchantAdministration(
            store: store,
            sealer: sealer,
            clock: clock,
            callbackDestinations: configuration.callbackDestinations
        )
        self.catalog = CardCatalog(store: store, clock: clock)
        cardholders = CardholderRegistry(store: store, sealer: sealer, provider: kycProvider, clock: clock)
        self.treasury = Treasury(store: store, clock: clock)
        self.accounts = CardholderAccounts(store: store, clock: clock, cardholders: cardholders)
        self.kycWorkerDecisionDelayMs = configuration.kycWorker.decisionDelayMs
        vaultKeys = CardVaultKeys(store: store, masterKeys: masterKeys, clock: clock)
        let credentials = MerchantCredentials(store: store, sealer: sealer, clock: clock, logger: logger)
        transactions = Self.transactions(
            configuration: configuration,
            store: store,
            clock: clock,
            vaultKeys: vaultKeys,
            credentials: credentials,
            transport: callbackTransport,
            logger: logger
        )
        (cardIssuer, cards, cardProduction) = Self.cardServices(
            configuration: configuration,
            store: store,
            clock: clock,
            cardholders: cardholders,
            vaultKeys: vaultKeys,
            credentials: credentials,
            provider: cardProvider,
            addressRules: addressRules,
            ready: ready,
            logger: logger
        )
        hostedCards = HostedCardDisplay(store: store, clock: clock, cards: cards, sealer: sealer)
        (callbacks, housekeeping, kycWorker) = Self.workers(
            configuration: configuration,
            store: store,
            clock: clock,
            credentials: credentials,
            housekeeping: (transactions, cardIssuer, hostedCards, idempotentRequests),
            kycProvider: kycProvider,
            callbackTransport: callbackTransport,
            ready: ready,
            logger: logger
        )
    }

    /// What every request meets at the edge: the auth chain, with the configured rate limit and
    /// token lifetime, and `Idempotency-Key`, whose claims follow the request deadline.
    static func edge(
        _ configuration: ServerConfiguration,
        store: Store,
        clock: any WallClock
    )
        -> (Authenticator, IdempotentRequests)
    {
        let authenticator = Authenticator(
            store: store,
            clock: clock,
            rateLimit: configuration.rateLimit,
            accessTokenLifetimeMs: configuration.accessTokenLifetimeMs
        )
        let idempotentRequests = IdempotentRequests(
            store: store,
            clock: clock,
            requestTimeoutMs: configuration.requestTimeoutMs
        )
        return (authenticator, idempotentRequests)
    }

    /// Cardplane's own callback client, with the configured destinations and CA file.
    static func callbackClient(_ configuration: ServerConfiguration) throws -> CallbackClient {
        try CallbackClient(policy: configuration.callbackDestinations, caFile: configuration.callbackCAFile)
    }

    /// The transaction engine, with the real-time merchant authorizer on the callback transport.
    static func transactions(
        configuration: ServerConfiguration,
        store: Store,
        clock: any WallClock,
        vaultKeys: CardVaultKeys,
        credentials: MerchantCredentials,
        transport: any CallbackTransport,
        logger: Logger
    ) -> CardTransactions {
        CardTransactions(
            store: store,
            clock: clock,
            vaultKeys: vaultKeys,
            merchantAuthorizer: MerchantAuthorizer(
                store: store,
                clock: clock,
                credentials: credentials,
                transport: transport,
                logger: logger
            ),
            settings: configuration.transactions,
            logger: logger
        )
    }

    /// Card issuance, management and the production worker, on one card provider.
    static func cardServices(
        configuration: ServerConfiguration,
        store: Store,
        clock: any WallClock,
        cardholders: CardholderRegistry,
        vaultKeys: CardVaultKeys,
        credentials: MerchantCredentials,
        provider: any CardProvider,
        addressRules: AddressRules,
        ready: StartupSignal,
        logger: Logger
    ) -> (CardIssuer, CardManagement, CardProductionWorker) {
        let issuer = CardIssuer(
            store: store,
            clock: clock,
            cardholders: cardholders,
            vaultKeys: vaultKeys,
            provider: provider,
            addressRules: addressRules,
            settings: configuration.cards,
            logger: logger
        )
        let cards = CardManagement(
            store: store,
            clock: clock,
            cardholders: cardholders,
            vaultKeys: vaultKeys,
            provider: provider,
            credentials: credentials,
            providerTimeoutMs: configuration.cards.providerTimeoutMs,
            logger: logger
        )
        let production = CardProductionWorker(
            store: store,
            clock: clock,
            pollIntervalMs: configuration.cardProductionPollIntervalMs,
            ready: ready,
            logger: logger
        )
        return (issuer, cards, production)
    }

    /// The background workers: callback delivery, housekeeping (the jobs of `services`) and KYC decisions.
    static func workers(
        configuration: ServerConfiguration,
        store: Store,
        clock: any WallClock,
        credentials: MerchantCredentials,
        housekeeping services: (
            transactions: CardTransactions,
            cardIssuer: CardIssuer,
            hostedCards: HostedCardDisplay,
            idempotentRequests: IdempotentRequests
        ),
        kycProvider: any KYCProvider,
        callbackTransport: any CallbackTransport,
        ready: StartupSignal,
        logger: Logger
    ) -> (CallbackDispatcher, HousekeepingWorker, KYCVerificationWorker) {
        let callbacks = CallbackDispatcher(
            store: store,
            clock: clock,
            credentials: credentials,
            transport: callbackTransport,
            settings: configuration.callbacks,
            ready: ready,
            logger: logger
        )
        let jobs = HousekeepingWorker.jobs(
            transactions: services.transactions,
            cardIssuer: services.cardIssuer,
            hostedCards: services.hostedCards,
            idempotentRequests: services.idempotentRequests,
            listCounts: ListCountRollup(store: store, clock: clock)
        )
        let housekeeping = HousekeepingWorker(
            jobs: jobs,
            pollIntervalMs: configuration.housekeepingPollIntervalMs,
            ready: ready,
            logger: logger
        )
        let kyc = KYCVerificationWorker(
            store: store,
            provider: kycProvider,
            clock: clock,
            settings: configuration.kycWorker,
            ready: ready,
            logger: logger
        )
        return (callbacks, housekeeping, kyc)
    }
}
