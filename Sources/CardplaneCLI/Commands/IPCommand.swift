import ArgumentParser
import CardplaneCore
import CardplaneIssuer

/// `merchant ip add|remove --merchant NO --ip CIDR`.
struct IPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ip",
        abstract: "Manage the addresses allowed to call the API for a merchant.",
        subcommands: [Add.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Allow an address or CIDR block.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Merchant number.") var merchant: String
        @Option(help: "Address or CIDR block.") var ip: String

        func run() async throws {
            let block = try parseBlocks([ip])[0]
            let merchantNo = merchant
            try await administer(storeOptions) { administration in
                try await administration.allow(block, merchantNo: merchantNo)
                Output.line("Allowed \(block) for \(merchantNo).")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an address or CIDR block.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Merchant number.") var merchant: String
        @Option(help: "Address or CIDR block, as it was added.") var ip: String

        func run() async throws {
            let block = try parseBlocks([ip])[0]
            let merchantNo = merchant
            try await administer(storeOptions) { administration in
                try await administration.disallow(block, merchantNo: merchantNo)
                Output.line("Removed \(block) for \(merchantNo).")
            }
        }
    }
}
