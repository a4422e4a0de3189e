import ArgumentParser

/// `cardplane`: the server and the operator's tools.
@main
struct Cardplane: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cardplane",
        abstract: "Cardplane card-issuing platform: serve the merchant Open API and operate it.",
        subcommands: [
            Serve.self, Migrate.self, MerchantCommand.self, CatalogCommand.self, VaultCommand.self,
            CallbackCommand.self, SimulateCommand.self,
            LedgerCommand.self,
        ]
    )
}
