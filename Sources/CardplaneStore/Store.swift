public import CardplaneTelemetry
public import Logging
public import SQLKit
public import ServiceLifecycle
import Tracing

/// The one storage interface over SQLite and PostgreSQL.
///
/// Records (``MerchantRecords``, ``APIKeyRecords``, …) are written once against `SQLDatabase` and
/// run on either engine. The store is a `Service`: in `serve` it runs in the application's service
/// group, so it starts before the server and is closed after it; commands and tests use
/// ``withStore(_:options:logger:_:)`` instead.
public final class Store: Service {
    /// Tuning that does not change behaviour.
    public struct Options: Sendable {
        /// Largest PostgreSQL pool. Default 20. SQLite always uses one connection.
        public var postgresConnectionsMax: Int
        /// On PostgreSQL, whether the store listens for changes to cached rows and answers
        /// ``Store/cacheGeneration()`` from what it heard, without a read (ADR 0012): for servers.
        /// Off, every reading is a read. SQLite always reads (a local read costs no round trip).
        public var listensForCacheChanges: Bool

        public init(postgresConnectionsMax: Int = 20, listensForCacheChanges: Bool = false) {
            self.postgresConnectionsMax = postgresConnectionsMax
            self.listensForCacheChanges = listensForCacheChanges
        }
    }

    /// Where this store lives.
    public let url: DatabaseURL
    private let backend: any StoreBackend
    private let generation: CoalescedRead<Int64?>
    private let listWatermarks: ListWatermarks
    /// Connections in use and the wait for one.
    private let metrics: OperatorMetrics

    private init(url: DatabaseURL, backend: any StoreBackend, metrics: OperatorMetrics) {
        self.url = url
        self.backend = backend
        self.metrics = metrics
        self.generation = CoalescedRead {
            try? await backend.withReader { database in
                try await database.raw("SELECT value FROM change_generation WHERE topic = 'cache'").first()?
                    .decode(column: "value", as: Int64.self)
            }
        }
        self.listWatermarks = ListWatermarks { list in
            try await backend.withReader { try await ListCountRecords($0).countedUntil(list) }
        }
    }

    /// Opens the store at `url`. For PostgreSQL, queries wait until ``run()`` is running.
    /// `metrics` counts connections in use and the wait for one.
    public static func open(
        _ url: DatabaseURL,
        options: Options = .init(),
        metrics: OperatorMetrics = .disabled,
        logger: Logger
    ) async throws -> Store {
        switch url {
        case .sqlite(let path):
            return Store(url: url, backend: try await SQLiteBackend.open(path: path, logger: logger), metrics: metrics)
        case .postgres(let endpoint):
            let backend = try await PostgresBackend.open(
                endpoint: endpoint,
                maximumConnections: options.postgresConnectionsMax,
                listensForCacheChanges: options.listensForCacheChanges,
                logger: logger
            )
            return Store(url: url, backend: backend, metrics: metrics)
        }
    }

    /// Opens the store, runs it while `body` works, then closes it.
    public static func withStore<Value: Sendable>(
        _ url: DatabaseURL,
        options: Options = .init(),
        logger: Logger,
        _ body: @Sendable (Store) async throws -> Value
    ) async throws -> Value {
        let store = try await open(url, options: options, logger: logger)
        let result: Result<Value, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await store.run() }
            defer { group.cancelAll() }
            do {
                return .success(try await body(store))
            } catch {
                return .failure(error)
            }
        }
        try await store.backend.close()
        return try result.get()
    }

    /// Runs `body` on a connection, outside an explicit transaction: for single-statement work.
    public func withConnection<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await traced("db.statement") {
            let asked = ContinuousClock.now
            return try await afterCachedRowWritesAreSeen {
                try await backend.withConnection { database in
                    try await measured(since: asked) { try await body(database) }
                }
            }
        }
    }

    /// Runs `body` on a connection for reads only: on SQLite one of a few read connections beside the
    /// writer, so a read never waits for another request's commit; on PostgreSQL a pooled one.
    /// A write there fails (`query_only`).
    public func withReader<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await traced("db.read") {
            let asked = ContinuousClock.now
            return try await backend.withReader { database in
                try await measured(since: asked) { try await body(database) }
            }
        }
    }

    /// A number that changes whenever a row the edge caches changes — a merchant, its IP allowlist,
    /// an API key, a card, a package or a BIN — from any process (triggers of migration 8 count every
    /// change in the writer's own transaction); `nil` when it cannot be read (then read everything
    /// fresh). The value is read after this call began — never an older one — in one indexed read
    /// shared by every caller waiting when it starts (``CoalescedRead``). See ADR 0012.
    ///
    /// A PostgreSQL store opened with ``Options/listensForCacheChanges`` answers from what its
    /// listener heard, without a read, while the listener is established and its lease current.
    public func cacheGeneration() async -> Int64? {
        if let heard = heardCacheGeneration { return heard }
        return await generation.value()
    }

    /// Returns once every server listening for cache changes has seen every change committed before
    /// this call (ADR 0012); at once on SQLite. The store does this itself after every write the
    /// records note (``CachedRowWrites``); this is for changes made by hand-written SQL.
    public func awaitCacheListeners() async {
        await backend.awaitCacheListeners()
    }

    /// The generation as this store's listener heard it, while it is established and current.
    var heardCacheGeneration: Int64? {
        backend.heardCacheGeneration
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// Every change of more than one row goes through here.
    ///
    /// Use only the `SQLDatabase` handed to `body`: calling the store again from inside would wait
    /// forever on SQLite's single connection, and on PostgreSQL run outside the transaction.
    public func withTransaction<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await traced("db.transaction") {
            let asked = ContinuousClock.now
            return try await afterCachedRowWritesAreSeen {
                try await backend.withTransaction { database in
                    try await measured(since: asked) { try await body(database) }
                }
            }
        }
    }

    /// `write`'s result, which the backend returns — when it changed rows the edge caches
    /// (``CachedRowWrites``) — only once every server listening for cache changes has seen the
    /// change (ADR 0012).
    private func afterCachedRowWritesAreSeen<Result>(_ write: () async throws -> Result) async throws -> Result {
        try await CachedRowWrites.$current.withValue(CachedRowWrites.Mark()) { try await write() }
    }

    /// `body` inside a client span `name` with the engine's `db.system` (a no-op without a tracer).
    private func traced<Result>(_ name: String, _ body: () async throws -> Result) async throws -> Result {
        try await withSpan(name, ofKind: .client) { span in
            span.attributes["db.system"] = url.isEmbedded ? "sqlite" : "postgresql"
            return try await body()
        }
    }

    /// `body`, counted as a connection in use while it runs, after the wait since `asked`.
    private func measured<Result>(
        since asked: ContinuousClock.Instant,
        _ body: () async throws -> Result
    )
        async rethrows -> Result
    {
        metrics.connectionAcquired(waited: .now - asked)
        defer { metrics.connectionReleased() }
        return try await body()
    }

    /// Where the stored counts of `list` ended when last read, at most a minute ago: what a list's
    /// total passes to ``ListCountRecords/totalExpression(_:merchantNo:range:countedUntil:)``.
    public func listCountedUntil(_ list: ListCountRecords.List) async throws -> Int64? {
        try await listWatermarks.countedUntil(list)
    }

    /// Whether the database answers a trivial query (for `GET /healthz`).
    public func isReachable() async -> Bool {
        do {
            return try await withConnection { database in
                try await database.raw("SELECT 1 AS one").first()?.decode(column: "one", as: Int.self) == 1
            }
        } catch {
            return false
        }
    }

    /// Keeps the engine running until graceful shutdown or cancellation, then releases it.
    public func run() async throws {
        try await backend.run()
    }

    /// Releases a store that will never ``run()``: when startup fails after ``open(_:options:logger:)``.
    public func close() async throws {
        try await backend.close()
    }

    /// `build`'s value; when it throws, the store (which will then never ``run()``) is closed first.
    public func closing<Value>(ifThrows build: () throws -> Value) async throws -> Value {
        do {
            return try build()
        } catch {
            try await close()
            throw error
        }
    }
}
