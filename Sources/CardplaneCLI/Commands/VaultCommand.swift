import ArgumentParser
import CardplaneIssuer
import CardplaneStore
import CardplaneVault
import Logging

/// `cardplane vault init|rotate-data-key`: the master key file, and a new data key for card data at rest.
struct VaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "Manage the master key file and the card vault's keys.",
        subcommands: [Init.self, RotateDataKey.self]
    )

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Create the master key file (owner-only) for a new installation; refuses to replace one."
        )

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let path = storeOptions.masterKeyPath
            try KeyRing.create(file: path)
            Output.line("Created the master key file \(path). Back it up: without it no sealed secret can be read.")
        }
    }

    struct RotateDataKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-data-key",
            abstract:
                "Seal card data from now on under a new data key (wrapped by the master key); old data stays readable."
        )

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let logger = LoggingSetup.bootstrap(level: .warning)
            let keyRing = try storeOptions.keyRing(logger: logger)
            let keyID = try await storeOptions.withStore(logger: logger, keyRing: keyRing) { store in
                try await CardVaultKeys(store: store, keyRing: keyRing, clock: SystemClock()).rotateDataKey()
            }
            Output.line("New data key \(keyID). Running servers switch to it on their next restart or key reload.")
        }
    }
}
