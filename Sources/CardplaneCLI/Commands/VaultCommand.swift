import ArgumentParser
import CardplaneIssuer
import CardplaneStore
import Logging

/// `cardplane vault rotate-data-key`: a new data key for card data at rest.
struct VaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "Manage the card vault's keys.",
        subcommands: [RotateDataKey.self]
    )

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
            let keyID = try await storeOptions.withStore(logger: logger) { store in
                try await CardVaultKeys(store: store, keyRing: keyRing, clock: SystemClock()).rotateDataKey()
            }
            Output.line("New data key \(keyID). Running servers switch to it on their next restart or key reload.")
        }
    }
}
