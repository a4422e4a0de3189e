import ArgumentParser
import CardplaneIssuer
import CardplaneStore
import CardplaneVault
import Foundation
import Logging

/// `--database` and `--master-key-file`, shared by every command that touches the store.
struct StoreOptions: ParsableArguments {
    @Option(
        help: """
            sqlite://PATH or postgres://user:pass@host:port/db. \
            Default: $CARDPLANE_DATABASE_URL, else sqlite://data/cardplane.sqlite.
            """
    )
    var database: String?

    @Option(
        help: """
            File of master keys that seal secrets at rest (owner-only); `vault init` creates it, \
            and a first `serve` on a new embedded database. Default: $CARDPLANE_MASTER_KEY_FILE, else data/master.key.
            """
    )
    var masterKeyFile: String?

    static let masterKeyFileVariable = "CARDPLANE_MASTER_KEY_FILE"
    static let masterKeyFileDefault = "data/master.key"

    /// The database URL from the flag, the environment or the embedded default.
    func databaseURL() throws -> DatabaseURL {
        let text = database ?? ProcessInfo.processInfo.environment[DatabaseURL.environmentVariable]
        guard let text else { return .embeddedDefault }
        guard let url = DatabaseURL(text) else {
            throw ValidationError("--database must be sqlite://PATH or postgres://user:pass@host:port/db")
        }
        return url
    }

    /// The master key file's path: the flag, else `$CARDPLANE_MASTER_KEY_FILE`, else the default.
    var masterKeyPath: String {
        masterKeyFile ?? ProcessInfo.processInfo.environment[Self.masterKeyFileVariable] ?? Self.masterKeyFileDefault
    }

    /// The master keys. Only a first `serve` on a new embedded database (`mayCreate`) creates the
    /// file; every other command refuses a missing one, since a new key could not open the secrets
    /// the old one sealed.
    ///
    /// - Throws: ``VaultError/missingKeyFile(path:)``, ``VaultError/keyFileTooOpen(path:)``.
    func keyRing() throws -> KeyRing {
        try KeyRing.load(file: masterKeyPath)
    }

    /// The master key file of a long-running process, read again when it changes (a rotation);
    /// created when `mayCreate` (a first `serve` on a new embedded database) and missing, with a
    /// warning: losing the file loses every sealed secret.
    ///
    /// - Throws: ``VaultError/missingKeyFile(path:)``, ``VaultError/keyFileTooOpen(path:)``.
    func keyFile(logger: Logger, mayCreate: Bool = false) throws -> KeyRingFile {
        let path = masterKeyPath
        if mayCreate, try KeyRing.loadOrCreate(file: path).created {
            logger.warning(
                "generated a new master key file; back it up: without it no sealed secret can be read",
                metadata: ["path": .string(path)]
            )
        }
        return try KeyRingFile(path: path)
    }

    /// Opens the store, migrates it, proves `keyRing` is the one its secrets were sealed with
    /// (``MasterKeyCheck``), and runs `body` with it.
    func withStore<Result: Sendable>(
        logger: Logger,
        keyRing: KeyRing,
        _ body: @Sendable (Store) async throws -> Result
    ) async throws -> Result {
        try await withStore(logger: logger) { store in
            try await MasterKeyCheck.verify(store: store, keyRing: keyRing, clock: SystemClock())
            return try await body(store)
        }
    }

    /// Opens the store, migrates it, and runs `body` with it.
    func withStore<Result: Sendable>(
        logger: Logger,
        _ body: @Sendable (Store) async throws -> Result
    ) async throws -> Result {
        try await Store.withStore(try databaseURL(), logger: logger) { store in
            try await store.migrate()
            return try await body(store)
        }
    }
}
