import ArgumentParser
import CardplaneCore

/// `cardplane`: the server and the operator's tools.
@main
struct Cardplane: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cardplane",
        abstract: "Cardplane card-issuing platform: serve the merchant Open API and operate it.",
        version: "cardplane \(CardplaneVersion.current)",
        subcommands: [
            Serve.self, Migrate.self, MerchantCommand.self, CatalogCommand.self, VaultCommand.self,
            CallbackCommand.self, CardCommand.self, SimulateCommand.self,
            LedgerCommand.self,
        ]
    )
}
