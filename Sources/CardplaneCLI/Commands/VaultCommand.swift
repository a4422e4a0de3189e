import ArgumentParser
import CardplaneIssuer
import CardplaneStore
import CardplaneVault
import Logging

/// `cardplane vault init|rotate-master-key|rotate-data-key`: the master key file and its rotation,
/// and a new data key for card data at rest.
struct VaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "Manage the master key file and the card vault's keys.",
        subcommands: [Init.self, RotateMasterKey.self, RotateDataKey.self]
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
            let keyRing = try storeOptions.keyRing()
            let keyID = try await storeOptions.withStore(logger: logger, keyRing: keyRing) { store in
                try await CardVaultKeys(store: store, masterKeys: keyRing, clock: SystemClock()).rotateDataKey()
            }
            Output.line("New data key \(keyID). Running servers switch to it on their next restart or key reload.")
        }
    }

    struct RotateMasterKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-master-key",
            abstract: "Add a new master key and re-seal every sealed secret under it, while servers run.",
            discussion: """
                Servers using the same key file switch to the new key without a restart. When every \
                secret opens under the new key alone, the old keys may leave the file \
                (--remove-old-keys does it).
                """
        )

        @OptionGroup var storeOptions: StoreOptions

        @Flag(help: "Remove the old keys from the key file once every secret opens under the new one.")
        var removeOldKeys = false

        func run() async throws {
            let logger = LoggingSetup.bootstrap(level: .warning)
            let keyFile = try storeOptions.keyFile(logger: logger)
            let report = try await storeOptions.withStore(logger: logger, keyRing: keyFile.ringForSealing()) { store in
                try await MasterKeyRotation(store: store, keyFile: keyFile, clock: SystemClock()).run()
            }
            let counts = MasterSealedRecords.Kind.allCases.map { "\($0.rawValue) \(report.resealed[$0] ?? 0)" }
            Output.line(
                "Master key \(report.newKeyID) added to \(keyFile.path); re-sealed \(counts.joined(separator: ", "))."
            )
            Output.line("All \(report.verified) sealed secrets open under \(report.newKeyID) alone.")
            if removeOldKeys {
                let removed = try keyFile.removeKeys(keepingOnly: report.newKeyID)
                Output.line("Removed the old keys \(removed.joined(separator: ", ")) from the key file.")
            } else if !report.oldKeyIDs.isEmpty {
                Output.line(
                    "The old keys \(report.oldKeyIDs.joined(separator: ", ")) seal nothing now: remove them from the key "
                        + "file once every copy of it has \(report.newKeyID) (or run again with --remove-old-keys)."
                )
            }
        }
    }
}
