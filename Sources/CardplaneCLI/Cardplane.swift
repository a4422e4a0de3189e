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
            LedgerCommand.self, AuditCommand.self, OperatorCommand.self,
        ]
    )

    /// Parses and runs the command; one that changes something (``AuditedCommand``) is recorded in
    /// the audit log with its path, however it ends.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var audited = command as? any AuditedCommand {
                try await audited.runAudited(path: commandPath(CommandLine.arguments.dropFirst()))
            } else if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// The subcommand names at the start of `arguments` (`merchant key revoke`), never their values.
    static func commandPath(_ arguments: ArraySlice<String>) -> String {
        var path: [String] = []
        var commands = configuration.subcommands
        for argument in arguments {
            guard let command = commands.first(where: { $0._commandName == argument }) else { break }
            path.append(argument)
            commands = command.configuration.subcommands
        }
        return path.joined(separator: " ")
    }
}
