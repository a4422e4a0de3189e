public import CardplaneApp
import CardplaneCore
public import CardplaneIssuer
import CardplaneVault
public import Hummingbird
import HummingbirdCore
public import Logging
public import ServiceLifecycle

/// Builds the Cardplane server: the same application `serve`, the tests and the benchmarks run.
///
/// The store and the background workers run as services of the application. Before the server
/// accepts connections the schema is migrated and, unless the configuration turns demo data off,
/// an empty database gets the demo BIN and package and the demo merchant, which is handed to
/// `announceDemoMerchant` (the command line prints it once); then the workers start. With an
/// operator port, the operator listener (`/metrics`, `/readyz`) runs beside it.
public func buildApplication(
    configuration: CardplaneApp.ServerConfiguration,
    services: CardplaneServices,
    logger: Logger,
    announceDemoMerchant: @escaping @Sendable (OnboardedMerchant) -> Void = { _ in },
    additionalServices: [any Service] = []
) -> some ApplicationProtocol {
    let router = buildRouter(
        services: services,
        sandbox: configuration.sandbox,
        tracesRequests: configuration.tracesRequests,
        clientAddresses: ClientAddressResolver(trustedProxies: configuration.trustedProxies)
    )
    let requestTimeoutMs = configuration.requestTimeoutMs
    let http = HTTP1Channel.Configuration(
        additionalChannelHandlers: [RequestDeadlineHandler(timeoutMs: requestTimeoutMs)],
        idleTimeout: .milliseconds(configuration.idleTimeoutMs)
    )
    var application = Application(
        router: router,
        server: .http1(configuration: http),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "cardplane"),
        onServerRunning: { channel in
            logger.info("listening", metadata: listening(host: configuration.host, channel: channel, listener: "api"))
        },
        logger: logger
    )
    for service in services.backgroundServices + additionalServices { application.addServices(service) }
    if let operatorPort = configuration.operatorPort {
        application.addServices(
            buildOperatorApplication(
                host: configuration.operatorHost,
                port: operatorPort,
                services: services,
                logger: logger
            )
        )
    }
    application.beforeServerStarts {
        try await services.prepare(createsDemoData: configuration.createsDemoData, announce: announceDemoMerchant)
    }
    return application
}

/// The routes: health outside `/open-api`, then the Open API behind the envelope and auth chain.
func buildRouter(
    services: CardplaneServices,
    sandbox: Bool,
    tracesRequests: Bool = false,
    clientAddresses: ClientAddressResolver
) -> Router<CardplaneRequestContext> {
    let router = Router(context: CardplaneRequestContext.self)
    // Outermost, so the envelope, the access log line and everything below run inside the request's
    // span. Only when a tracer is exported to: even with the no-op tracer the middleware costs a
    // fifth of an unknown path's throughput (Benchmarks/README.md).
    if tracesRequests { router.add(middleware: TracingMiddleware()) }
    router.add(middleware: EnvelopeMiddleware(metrics: services.monitoring.metrics))
    HealthController(services: services).register(in: router)
    OpenAPIDocumentController().register(in: router)
    if sandbox { SimulatorController(transactions: services.transactions).register(in: router) }
    let hosted = HostedCardController(display: services.hostedCards, clientAddresses: clientAddresses)
    hosted.registerPage(in: router)
    let api = router.group("open-api/v1")
    TokenController(authenticator: services.authenticator, clientAddresses: clientAddresses).register(in: api)
    let authenticated = api.group()
        .add(
            middleware: AuthMiddleware(
                authenticator: services.authenticator,
                clientAddresses: clientAddresses,
                requiresAccessToken: true
            )
        )
        .add(middleware: IdempotencyMiddleware(requests: services.idempotentRequests))
        .add(
            middleware: AuditMiddleware(
                log: services.audit,
                clock: services.clock,
                metrics: services.monitoring.metrics
            )
        )
    CatalogController(catalog: services.catalog).register(in: authenticated)
    CardholderController(cardholders: services.cardholders, accounts: services.accounts, cards: services.cards)
        .register(in: authenticated)
    CardController(issuer: services.cardIssuer, cards: services.cards).register(in: authenticated)
    ConsumptionController(transactions: services.transactions).register(in: authenticated)
    hosted.registerToken(in: authenticated)
    AccountController(accounts: services.accounts).register(in: authenticated)
    return router
}
