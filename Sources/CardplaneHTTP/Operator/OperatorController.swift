public import CardplaneApp
import CardplaneConsole
public import Hummingbird
public import Logging
import NIOCore

/// The operator listener's routes (`--operator-port`, loopback by default; never the merchant
/// API's port, so scrapes and probes stay off the internet-facing listener):
///
/// - `GET /metrics`: every metric in Prometheus' text format, the queue gauges read just before;
///   404 with `serve --no-metrics`.
/// - `GET /readyz`: 200 when the database answers, its schema is this release's and start-up and
///   every background worker run; else 503 with the failing checks. `GET /healthz` on the API
///   port stays the liveness check.
struct OperatorController {
    let services: CardplaneServices

    func register(in router: Router<BasicRequestContext>) {
        router.get("metrics") { _, _ -> Response in
            await services.recordBacklog()
            guard let text = services.monitoring.exposition() else { throw HTTPError(.notFound) }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: text))
            )
        }
        router.get("readyz") { _, _ -> Response in
            let readiness = await services.readiness()
            return Response(
                status: readiness.isReady ? .ok : .serviceUnavailable,
                headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: Self.json(readiness)))
            )
        }
    }

    /// `{"status":"ready"|"unavailable","checks":{…},"workers_not_running":[…]}`.
    static func json(_ readiness: Readiness) -> String {
        let workers = readiness.workersNotRunning.map { #""\#($0)""# }.joined(separator: ",")
        return """
            {"status":"\(readiness.isReady ? "ready" : "unavailable")",\
            "checks":{"database":\(readiness.databaseReachable),"schema":\(readiness.schemaIsCurrent),\
            "startup":\(readiness.startupFinished)},"workers_not_running":[\(workers)]}
            """
    }
}

/// The operator listener: `/metrics` and `/readyz` (``OperatorController``) on its own host and port.
/// `serve` runs it beside the API (``buildApplication(configuration:services:logger:announceDemoMerchant:)``);
/// tests drive it in process.
public func buildOperatorApplication(
    host: String,
    port: Int,
    services: CardplaneServices,
    logger: Logger
) -> some ApplicationProtocol {
    let router = Router(context: BasicRequestContext.self)
    OperatorController(services: services).register(in: router)
    do {
        try ConsoleController(services: services, logger: logger).register(in: router)
    } catch {
        logger.error("the console's templates are missing from the build: /console is off")
    }
    return Application(
        router: router,
        configuration: .init(address: .hostname(host, port: port), serverName: "cardplane-operator"),
        onServerRunning: { channel in
            logger.info("listening", metadata: listening(host: host, channel: channel, listener: "operator"))
        },
        logger: logger
    )
}

/// The `listening` log line's fields: which listener, its host and the port it bound (which differs
/// from the configured one when that is 0).
func listening(host: String, channel: any Channel, listener: String) -> Logger.Metadata {
    let port = channel.localAddress?.port.map(String.init) ?? "unknown"
    return ["listener": .string(listener), "host": .string(host), "port": .string(port)]
}
