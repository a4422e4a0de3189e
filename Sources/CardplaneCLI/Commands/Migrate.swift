import ArgumentParser
import CardplaneStore

/// `cardplane migrate`: apply pending migrations and exit.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let logger = LoggingSetup.bootstrap(level: nil)
        let url = try storeOptions.databaseURL()
        let applied = try await Store.withStore(url, logger: logger) { try await $0.migrate() }
        Output.line(
            applied.isEmpty
                ? "Schema is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", "))."
        )
    }
}
