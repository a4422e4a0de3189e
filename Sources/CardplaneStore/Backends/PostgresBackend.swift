import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through postgres-nio's `PostgresClient` pool.
///
/// Transactions run at READ COMMITTED (the server default); statements that must see a consistent
/// row take it with `FOR UPDATE` or an atomic upsert, which the records document where they do it.
final class PostgresBackend: StoreBackend {
    private let client: PostgresClient
    private let logger: Logger
    /// Listens for changes to cached rows, for servers; `nil` in commands and tools.
    private let cacheListener: CacheChangeListener?

    /// A pool to `endpoint`, with TLS as its `sslmode` says, after one connection proved that the
    /// server is reachable, TLS verifies and the credentials work: otherwise the pool would retry
    /// quietly and every query wait, where an operator needs the reason at once.
    ///
    /// - Throws: ``StoreError/unreachable(endpoint:reason:)``, ``StoreError/unreadableRootCertificate(path:)``.
    static func open(
        endpoint: PostgresEndpoint,
        maximumConnections: Int,
        listensForCacheChanges: Bool,
        logger: Logger
    ) async throws -> PostgresBackend {
        let tls = try PostgresTLS(endpoint)
        try await probe(endpoint, tls: tls, logger: logger)
        return PostgresBackend(
            endpoint: endpoint,
            tls: tls,
            maximumConnections: maximumConnections,
            cacheListener: listensForCacheChanges ? CacheChangeListener(logger: logger) : nil,
            logger: logger
        )
    }

    /// Opens and closes one connection, within 10 s.
    private static func probe(_ endpoint: PostgresEndpoint, tls: PostgresTLS, logger: Logger) async throws {
        var configuration = PostgresConnection.Configuration(
            host: endpoint.host,
            port: endpoint.port,
            username: endpoint.username,
            password: endpoint.password,
            database: endpoint.database,
            tls: try tls.connection()
        )
        configuration.options.connectTimeout = .seconds(10)
        let name = "\(endpoint.host):\(endpoint.port) (sslmode=\(endpoint.sslMode.rawValue))"
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        } catch let error as PSQLError {
            throw StoreError.unreachable(endpoint: name, reason: Self.reason(error, host: endpoint.host))
        } catch {
            throw StoreError.unreachable(endpoint: name, reason: String(reflecting: type(of: error)))
        }
    }

    /// What went wrong, without the query or connection details postgres-nio keeps in the error.
    private static func reason(_ error: PSQLError, host: String) -> String {
        if let underlying = error.underlying {
            let text = String(describing: underlying)
            if text.contains("failedToValidateHostname") {
                return "TLS failed: the server's certificate does not name \(host) (sslmode=verify-full checks it)"
            }
            if underlying is NIOSSLError || underlying is NIOSSLExtraError || underlying is BoringSSLError {
                return "TLS failed: \(text)"
            }
            return "\(error.code): \(String(describing: underlying))"
        }
        if let message = error.serverInfo?[.message] { return "\(error.code): \(message)" }
        return "\(error.code)"
    }

    private init(
        endpoint: PostgresEndpoint,
        tls: PostgresTLS,
        maximumConnections: Int,
        cacheListener: CacheChangeListener?,
        logger: Logger
    ) {
        var configuration = PostgresClient.Configuration(
            host: endpoint.host,
            port: endpoint.port,
            username: endpoint.username,
            password: endpoint.password,
            database: endpoint.database,
            tls: tls.client
        )
        configuration.options.maximumConnections = maximumConnections
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.cacheListener = cacheListener
        self.logger = logger
    }

    /// When `body` wrote cached rows (``CachedRowWrites``), returns only once every cache listener
    /// has seen the change, waiting on the same connection (a second one could be a wait of its own).
    func withConnection<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await client.withConnection { connection in
            let result = try await body(connection.sql(queryLogLevel: nil))
            await Self.awaitCacheListenersIfWritten(on: connection)
            return result
        }
    }

    private static func awaitCacheListenersIfWritten(on connection: PostgresConnection) async {
        guard CachedRowWrites.current?.isSet == true else { return }
        await CacheChangeListener.awaitListeners(on: connection.sql(queryLogLevel: nil))
    }

    func withReader<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await withConnection(body)
    }

    func withTransaction<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        do {
            let logger = self.logger
            return try await client.withConnection { connection in
                let result = try await connection.withTransaction(logger: logger) { connection in
                    try await body(connection.sql(queryLogLevel: nil))
                }
                await Self.awaitCacheListenersIfWritten(on: connection)
                return result
            }
        } catch let error as PostgresTransactionError {
            // Callers throw domain errors (a CardplaneError, say) from inside transactions and
            // expect them back as thrown, the way the SQLite backend does; postgres-nio wraps them.
            if let rollbackError = error.rollbackError {
                logger.error(
                    "rollback failed",
                    metadata: ["error": .string(String(reflecting: type(of: rollbackError)))]
                )
            }
            throw error.closureError ?? error.commitError ?? error.beginError ?? error
        }
    }

    var heardCacheGeneration: Int64? {
        cacheListener?.generation
    }

    func awaitCacheListeners() async {
        try? await client.withConnection { connection in
            await CacheChangeListener.awaitListeners(on: connection.sql(queryLogLevel: nil))
        }
    }

    func run() async throws {
        guard let cacheListener else { return await client.run() }
        let client = self.client
        // The listener runs beside the pool but is never waited for: a listen that postgres-nio
        // leaves hanging (seen once a connection was ended under it) must not hold up shutdown.
        // It is cancelled and told to stop when the pool ends, and trusts nothing from then on.
        let listening = Task { await cacheListener.listen(through: client) }
        await withTaskCancellationHandler {
            await client.run()
        } onCancel: {
            listening.cancel()
        }
        cacheListener.stop()
        listening.cancel()
    }

    /// The pool closes when ``run()`` is cancelled; nothing else to release.
    func close() async throws {}
}
