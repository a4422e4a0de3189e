import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import ServiceLifecycle

/// SQLite through one write connection, which an ``AsyncLock`` serializes, and a small pool of
/// read-only connections beside it (``SQLiteReaderPool``).
///
/// WAL journaling lets the readers, and other processes (backups, `sqlite3`), read while the writer
/// writes; writes keep `synchronous = FULL`, so a committed transaction survives power loss.
/// `foreign_keys` is switched on because SQLite leaves it off by default.
///
/// The connections run their statements on this database's own threads, one per connection, not
/// on NIO's shared thread pool (two threads on two cores): there, every SQLite database of the
/// process — and anything else using that pool — queued behind each other, so one database's
/// long work (a bulk load, a verify) held up another's every statement.
final class SQLiteBackend: StoreBackend {
    /// Read connections: enough to keep both cores busy while the writer waits on fsync.
    static let readerCount = 4

    private let connection: SQLiteConnection
    private let readers: SQLiteReaderPool
    private let threads: NIOThreadPool
    private let lock = AsyncLock()
    private let isClosed = NIOLockedValueBox(false)

    private init(connection: SQLiteConnection, readers: SQLiteReaderPool, threads: NIOThreadPool) {
        self.connection = connection
        self.readers = readers
        self.threads = threads
    }

    /// Opens (creating when needed) the database file at `path`, creating its directory too.
    static func open(path: String, logger: Logger) async throws -> SQLiteBackend {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let threads = NIOThreadPool(numberOfThreads: 1 + readerCount)
        threads.start()
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path),
            threadPool: threads,
            logger: logger,
            on: eventLoop
        )
        let writer = connection.sql(queryLogLevel: nil)
        try await writer.raw("PRAGMA journal_mode = WAL").run()
        try await writer.raw("PRAGMA foreign_keys = ON").run()
        try await writer.raw("PRAGMA busy_timeout = 5000").run()
        try await writer.raw("PRAGMA synchronous = FULL").run()
        var readers: [SQLiteConnection] = []
        for _ in 0..<readerCount {
            let reader = try await SQLiteConnection.open(
                storage: .file(path: path),
                threadPool: threads,
                logger: logger,
                on: MultiThreadedEventLoopGroup.singleton.any()
            )
            try await reader.sql(queryLogLevel: nil).raw("PRAGMA busy_timeout = 5000").run()
            try await reader.sql(queryLogLevel: nil).raw("PRAGMA query_only = ON").run()
            readers.append(reader)
        }
        return SQLiteBackend(connection: connection, readers: SQLiteReaderPool(connections: readers), threads: threads)
    }

    private var database: any SQLDatabase { connection.sql(queryLogLevel: nil) }

    func withConnection<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await lock.withLock { try await body(database) }
    }

    func withReader<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await readers.withConnection { try await body($0.sql(queryLogLevel: nil)) }
    }

    func withTransaction<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await lock.withLock {
            let database = self.database
            // IMMEDIATE takes the write lock up front, so another process's writer cannot make
            // this transaction fail half-way with SQLITE_BUSY.
            try await database.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(database)
                try await database.raw("COMMIT").run()
                return result
            } catch {
                try? await database.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    func run() async throws {
        try? await gracefulShutdown()
        try await close()
    }

    /// Closes the connection once, after the statements in flight; safe to call again.
    ///
    /// Runs in its own task because NIO's thread pool refuses work from a cancelled task, and
    /// shutdown is exactly when the caller may be cancelled; a connection left open is a leak.
    func close() async throws {
        let connection = self.connection
        let readers = self.readers
        let lock = self.lock
        let isClosed = self.isClosed
        let threads = self.threads
        try await Task {
            try await lock.withLock {
                guard !isClosed.withLockedValue({ $0 }) else { return }
                try await readers.close()
                try await connection.close()
                isClosed.withLockedValue { $0 = true }
                try await threads.shutdownGracefully()
            }
        }.value
    }
}
