import Logging
import NIOConcurrencyHelpers
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through postgres-nio's `PostgresClient` pool.
///
/// Transactions run at READ COMMITTED (the server default); statements that must see a consistent
/// row take it with `FOR UPDATE` or an atomic upsert, which the records document where they do it.
///
/// One pooled connection `LISTEN`s to `cardplane_cache`, which triggers notify on every
/// change to a row the edge caches (migration 8): ``cacheGeneration()`` moves on
/// each notification, and answers `nil` whenever the listener is not established.
final class PostgresBackend: StoreBackend {
    private let client: PostgresClient
    private let logger: Logger
    private let cacheChanges = CacheChangeListener()

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

    func cacheGeneration() async -> Int64? {
        cacheChanges.generation
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
        let (client, listener, logger) = (self.client, cacheChanges, self.logger)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            group.addTask { await listener.listen(through: client, logger: logger) }
            // The pool ends at shutdown; the listener then has nothing left to listen through.
            await group.next()
            group.cancelAll()
        }
    }

    /// The pool closes when ``run()`` is cancelled; nothing else to release.
    func close() async throws {}
}

/// Keeps one connection listening to `cardplane_cache` and counts what it hears.
final class CacheChangeListener: Sendable {
    static let channel = "cardplane_cache"

    private struct State {
        var isListening = false
        var generation: Int64 = 0
    }

    private let state = NIOLockedValueBox(State())

    /// The count of notifications and (re)connections, or `nil` while not listening: a change made
    /// then would go unheard, so nothing cached may be trusted.
    var generation: Int64? {
        state.withLockedValue { $0.isListening ? $0.generation : nil }
    }

    /// Listens until cancelled, reconnecting after a failure.
    func listen(through client: PostgresClient, logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        // Whatever changed before this moment is read fresh from now on.
                        self.state.withLockedValue {
                            $0.generation += 1
                            $0.isListening = true
                        }
                        for try await _ in notifications {
                            self.state.withLockedValue { $0.generation += 1 }
                        }
                    }
                }
            } catch {
                state.withLockedValue { $0.isListening = false }
                // At shutdown the pool closes under the listener just before this task is
                // cancelled: wait first, and only a listener still wanted afterwards is news.
                do { try await Task.sleep(for: .milliseconds(250)) } catch { return }
                logger.warning(
                    "cache change listener lost; reading uncached until it is back",
                    metadata: ["error": .string(String(reflecting: type(of: error)))]
                )
                continue
            }
            state.withLockedValue { $0.isListening = false }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }
}
