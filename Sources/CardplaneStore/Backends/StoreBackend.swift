import SQLKit

/// What a database engine must provide for the store: connections, transactions and a lifetime.
///
/// Everything above this protocol is written once, in SQLKit, for both engines.
protocol StoreBackend: Sendable {
    /// Runs `body` on a connection outside any explicit transaction (single statements).
    ///
    /// Here and in ``withTransaction(_:)``: when `body` wrote rows the edge caches (the task's
    /// ``CachedRowWrites`` mark is set), returns only once every cache listener has seen the change.
    func withConnection<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result

    /// Runs `body` on a connection that only reads (on SQLite, one of several beside the writer).
    func withReader<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result

    /// Runs `body` inside one database transaction: committed when it returns, rolled back when it throws.
    func withTransaction<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result

    /// The cache generation as a listener for changes heard it, without a read, when the engine has
    /// one that is established and current; `nil` otherwise (then the store reads it). ADR 0012.
    var heardCacheGeneration: Int64? { get }

    /// Returns once every server listening for cache changes has seen every change committed before
    /// this call (ADR 0012); at once on an engine without listeners.
    func awaitCacheListeners() async

    /// Keeps the engine's resources alive until graceful shutdown or cancellation, then releases them.
    func run() async throws

    /// Releases the engine's resources now, for scoped use outside a service group.
    func close() async throws
}

extension StoreBackend {
    var heardCacheGeneration: Int64? { nil }

    func awaitCacheListeners() async {}
}
