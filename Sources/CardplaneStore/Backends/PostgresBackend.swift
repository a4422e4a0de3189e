import Logging
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

    /// A pool to `endpoint`; TLS is off, so use it on loopback or a private network only.
    init(endpoint: PostgresEndpoint, maximumConnections: Int, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: endpoint.host,
            port: endpoint.port,
            username: endpoint.username,
            password: endpoint.password,
            database: endpoint.database,
            tls: .disable
        )
        configuration.options.maximumConnections = maximumConnections
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    func withConnection<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil))
        }
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
            return try await client.withTransaction(logger: logger) { connection in
                try await body(connection.sql(queryLogLevel: nil))
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

    func run() async throws {
        await client.run()
    }

    /// The pool closes when ``run()`` is cancelled; nothing else to release.
    func close() async throws {}
}
