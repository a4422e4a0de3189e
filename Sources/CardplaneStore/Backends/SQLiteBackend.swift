import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import ServiceLifecycle

/// SQLite through one connection, opened once; an ``AsyncLock`` serializes every use of it.
///
/// WAL journaling keeps readers of other processes (backups, `sqlite3`) from blocking us, and
/// `foreign_keys` is switched on because SQLite leaves it off by default.
final class SQLiteBackend: StoreBackend {
    private let connection: SQLiteConnection
    private let lock = AsyncLock()
    private let isClosed = NIOLockedValueBox(false)

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Opens (creating when needed) the database file at `path`, creating its directory too.
    static func open(path: String, logger: Logger) async throws -> SQLiteBackend {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let backend = SQLiteBackend(connection: connection)
        try await backend.withConnection { database in
            try await database.raw("PRAGMA journal_mode = WAL").run()
            try await database.raw("PRAGMA foreign_keys = ON").run()
            try await database.raw("PRAGMA busy_timeout = 5000").run()
            try await database.raw("PRAGMA synchronous = FULL").run()
        }
        return backend
    }

    private var database: any SQLDatabase { connection.sql(queryLogLevel: nil) }

    func withConnection<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await lock.withLock { try await body(database) }
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
        let lock = self.lock
        let isClosed = self.isClosed
        try await Task {
            try await lock.withLock {
                guard !isClosed.withLockedValue({ $0 }) else { return }
                try await connection.close()
                isClosed.withLockedValue { $0 = true }
            }
        }.value
    }
}
