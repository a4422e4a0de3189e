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
    public let cardProduction: CardProductionWorker
    public let callbacks: CallbackDispatcher
    /// The KYC worker's delay from In_progress to decision, for tests that move a clock past it.
    public let kycWorkerDecisionDelayMs: Int64
    /// Opened once the schema is migrated; background workers wait for it.
    public let ready: StartupSignal

    public init(
        configuration: ServerConfiguration,
        store: Store,
        keyRing: KeyRing,
        clock: any WallClock = SystemClock(),
        kycProvider: any KYCProvider = SimulatedKYCProvider(),
        cardProvider: any CardProvider = SimulatedCardProvider(),
        callbackTransport: any CallbackTransport = HTTPCallbackTransport(),
        addressRules: AddressRules = AddressRules(postalDirectory: PostalData.directory),
        logger: Logger
    ) {
        let sealer = SecretSealer(keyRing: keyRing)
        let ready = StartupSignal()
        self.store = store
        self.clock = clock
        self.ready = ready
        self.authenticator = Authenticator(
            store: store,
            clock: clock,
            rateLimit: configuration.rateLimit,
            accessTokenLifetimeMs: configuration.accessTokenLifetimeMs
        )
        self.administration = MerchantAdministration(store: store, sealer: sealer, clock: clock)
        self.catalog = CardCatalog(store: store, clock: clock)
        let cardholders = CardholderRegistry(store: store, sealer: sealer, provider: kycProvider, clock: clock)
        self.cardholders = cardholders
        self.treasury = Treasury(store: store, clock: clock)
        self.accounts = CardholderAccounts(store: store, clock: clock, cardholders: cardholders)
        self.kycWorkerDecisionDelayMs = configuration.kycWorker.decisionDelayMs
        let vaultKeys = CardVaultKeys(store: store, keyRing: keyRing, clock: clock)
        let credentials = MerchantCredentials(store: store, sealer: sealer, clock: clock, logger: logger)
        self.callbacks = CallbackDispatcher(
            store: store,
            clock: clock,
            credentials: credentials,
            transport: callbackTransport,
            settings: configuration.callbacks,
            ready: ready,
            logger: logger
        )
        self.vaultKeys = vaultKeys
        self.cardIssuer = CardIssuer(
            store: store,
            clock: clock,
            cardholders: cardholders,
            vaultKeys: vaultKeys,
            provider: cardProvider,
            addressRules: addressRules,
            settings: configuration.cards,
            logger: logger
        )
        self.cards = CardManagement(
            store: store,
            clock: clock,
            cardholders: cardholders,
            vaultKeys: vaultKeys,
            provider: cardProvider,
            credentials: credentials,
            providerTimeoutMs: configuration.cards.providerTimeoutMs,
            logger: logger
        )
        self.cardProduction = CardProductionWorker(
            store: store,
            clock: clock,
            pollIntervalMs: configuration.cardProductionPollIntervalMs,
            ready: ready,
            logger: logger
        )
        self.kycWorker = KYCVerificationWorker(
            store: store,
            provider: kycProvider,
            clock: clock,
            settings: configuration.kycWorker,
            ready: ready,
            logger: logger
        )
    }
}
