public import CardplaneCore
public import CardplaneIssuer
public import CardplaneStore
public import CardplaneVault
public import Hummingbird
public import Logging

/// Builds the Cardplane server: the same application `serve`, the tests and the benchmarks run.
///
/// The store runs as a service of the application; before the server accepts connections the
/// schema is migrated and, unless the configuration turns demo data off, an empty database gets
/// the demo BIN and package and the demo merchant, which is handed to `announceDemoMerchant` (the
/// command line prints it once).
public func buildApplication(
    configuration: ServerConfiguration,
    store: Store,
    keyRing: KeyRing,
    clock: any WallClock = SystemClock(),
    logger: Logger,
    announceDemoMerchant: @escaping @Sendable (OnboardedMerchant) -> Void = { _ in }
) -> some ApplicationProtocol {
    let authenticator = Authenticator(
        store: store,
        clock: clock,
        rateLimit: configuration.rateLimit,
        accessTokenLifetimeMs: configuration.accessTokenLifetimeMs
    )
    let catalog = CardCatalog(store: store, clock: clock)
    let router = buildRouter(
        store: store,
        authenticator: authenticator,
        clientAddresses: ClientAddressResolver(trustedProxies: configuration.trustedProxies),
        catalog: catalog
    )
    var application = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "cardplane"),
        logger: logger
    )
    application.addServices(store)
    let administration = MerchantAdministration(store: store, sealer: SecretSealer(keyRing: keyRing), clock: clock)
    application.beforeServerStarts {
        try await store.migrate(clock: clock)
        guard configuration.createsDemoData else { return }
        try await catalog.createDemoCatalogIfEmpty()
        if let demo = try await administration.createDemoMerchantIfEmpty() {
            announceDemoMerchant(demo)
        }
    }
    return application
}

/// The routes: health outside `/open-api`, then the Open API behind the envelope and auth chain.
func buildRouter(
    store: Store,
    authenticator: Authenticator,
    clientAddresses: ClientAddressResolver,
    catalog: CardCatalog
) -> Router<CardplaneRequestContext> {
    let router = Router(context: CardplaneRequestContext.self)
    router.add(middleware: EnvelopeMiddleware())
    HealthController(store: store).register(in: router)
    let api = router.group("open-api/v1")
    TokenController(authenticator: authenticator, clientAddresses: clientAddresses).register(in: api)
    let authenticated = api.group()
        .add(
            middleware: AuthMiddleware(
                authenticator: authenticator,
                clientAddresses: clientAddresses,
                requiresAccessToken: true
            )
        )
    CatalogController(catalog: catalog).register(in: authenticated)
    return router
}
