import ArgumentParser
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneVault

/// `operator create|list`: the accounts that sign in to the console (`/console` on the operator
/// listener).
struct OperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator",
        abstract: "Manage the accounts of the operator console.",
        subcommands: [Create.self, List.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a console account; prints a one-time password unless --password-stdin gives one."
        )

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Account name: 3 to 64 letters, digits, '.', '_' or '-'.") var name: String
        @Option(help: "admin (reads and acts) or viewer (reads).") var role: String
        @Flag(help: "Read the password (at least 12 characters) from the first line of standard input.")
        var passwordStdin = false

        func validate() throws {
            guard ConsoleOperator.Role(rawValue: role) != nil else {
                throw ValidationError("--role must be admin or viewer")
            }
        }

        func run() async throws {
            let (name, role) = (name, ConsoleOperator.Role(rawValue: role) ?? .viewer)
            let given = passwordStdin ? readLine(strippingNewline: true).map { Sensitive($0) } : nil
            if passwordStdin, given == nil { throw CommandFailure("no password on standard input") }
            let password = try await reportingRefusals {
                try await storeOptions.withStore(logger: AuditCommand.logger) { store in
                    try await ConsoleAccess(store: store, clock: SystemClock())
                        .createOperator(name: name, role: role, password: given)
                }
            }
            Output.line("Operator \(name) (\(role.rawValue)) created.")
            if given == nil {
                Output.line("password: \(password.reveal())")
                Output.line("Shown once: it is stored only as a scrypt hash.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List console accounts.")

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let accounts = try await storeOptions.withStore(logger: AuditCommand.logger) { store in
                try await ConsoleAccess(store: store, clock: SystemClock()).operators()
            }
            for account in accounts {
                let locked = account.lockedUntilMs > SystemClock().nowMs() ? " (locked)" : ""
                Output.line("\(account.consoleOperator.name)\t\(account.consoleOperator.role.rawValue)\(locked)")
            }
        }
    }
}

extension OperatorCommand.Create: AuditedCommand { var auditObject: String? { "operator:\(name)" } }
