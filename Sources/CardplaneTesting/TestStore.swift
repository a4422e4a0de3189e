public import CardplaneStore
import Foundation
public import Logging
import PostgresNIO

/// The engines storage tests run on. Every storage and HTTP test takes one as its argument, so the
/// same test runs on SQLite and on PostgreSQL.
public enum StoreKind: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    /// The PostgreSQL server for tests: `$CARDPLANE_TEST_POSTGRES_URL`, a superuser URL such as
    /// `postgres://cardplane@127.0.0.1:55433/postgres`. Each test gets its own database on it.
    public static let postgresVariable = "CARDPLANE_TEST_POSTGRES_URL"
    /// When set, running without PostgreSQL is an error (scripts/test.sh sets it).
    public static let requirePostgresVariable = "CARDPLANE_TEST_REQUIRE_POSTGRES"

    /// The engines to test on: SQLite always; PostgreSQL when its URL is set.
    ///
    /// `scripts/test.sh` (and so CI) always sets it, so both run there; a bare `swift test` without
    /// a server runs SQLite only and says so once on standard error.
    public static var available: [StoreKind] {
        let environment = ProcessInfo.processInfo.environment
        if environment[postgresVariable] != nil { return [.sqlite, .postgres] }
        // CI sets this so a missing server fails loudly instead of quietly testing SQLite alone.
        precondition(environment[requirePostgresVariable] == nil, "\(postgresVariable) must be set")
        warnOnce
        return [.sqlite]
    }

    private static let warnOnce: Void = {
        FileHandle.standardError.write(
            Data("note: \(postgresVariable) is not set; PostgreSQL cases are not run.\n".utf8)
        )
    }()
}

/// A throwaway database of one kind: a temporary SQLite file, or a fresh PostgreSQL database.
public struct TestDatabase: Sendable {
    public let kind: StoreKind
    public let url: DatabaseURL
    private let cleanup: @Sendable () async throws -> Void

    /// Creates an empty database of `kind`, runs `body` with it, then deletes it.
    public static func with<Result: Sendable>(
        _ kind: StoreKind,
        _ body: @Sendable (TestDatabase) async throws -> Result
    ) async throws -> Result {
        let database = try await make(kind)
        do {
            let result = try await body(database)
            try await database.cleanup()
            return result
        } catch {
            try? await database.cleanup()
            throw error
        }
    }

    /// Opens a migrated store on this database, runs `body`, and closes it.
    public func withStore<Result: Sendable>(
        options: Store.Options = .init(),
        _ body: @Sendable (Store) async throws -> Result
    ) async throws -> Result {
        try await Store.withStore(url, options: options, logger: TestLogging.logger) { store in
            try await store.migrate()
            return try await body(store)
        }
    }

    private static func make(_ kind: StoreKind) async throws -> TestDatabase {
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("cardplane-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("test.sqlite").path
            return TestDatabase(kind: kind, url: .sqlite(path: path)) {
                try? FileManager.default.removeItem(at: directory)
            }
        case .postgres:
            return try await PostgresTestServer.createDatabase()
        }
    }

    init(kind: StoreKind, url: DatabaseURL, cleanup: @escaping @Sendable () async throws -> Void) {
        self.kind = kind
        self.url = url
        self.cleanup = cleanup
    }
}

/// Loggers for tests: quiet unless `CARDPLANE_TEST_LOG_LEVEL` asks otherwise.
public enum TestLogging {
    public static var logger: Logger {
        var logger = Logger(label: "cardplane-test")
        logger.logLevel =
            ProcessInfo.processInfo.environment["CARDPLANE_TEST_LOG_LEVEL"]
            .flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }
}
