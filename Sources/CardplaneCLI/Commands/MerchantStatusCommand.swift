import ArgumentParser
import CardplaneCore
import CardplaneIssuer

/// `merchant disable|enable|close --merchant NO`.
enum MerchantStatusCommand {
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable",
            abstract: "Suspend a merchant: its requests answer 1022 from the next one on."
        )
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Merchant number.") var merchant: String

        func run() async throws { try await change(to: .disabled, merchant, storeOptions) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable",
            abstract: "Re-enable a suspended merchant."
        )
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Merchant number.") var merchant: String

        func run() async throws { try await change(to: .enabled, merchant, storeOptions) }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close",
            abstract: "Offboard a merchant for good: its requests answer 1021. Cannot be undone."
        )
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Merchant number.") var merchant: String

        func run() async throws { try await change(to: .closed, merchant, storeOptions) }
    }

    static func change(to status: MerchantStatus, _ merchantNo: String, _ storeOptions: StoreOptions) async throws {
        try await administer(storeOptions) { administration in
            try await administration.setStatus(status, merchantNo: merchantNo)
            Output.line("Merchant \(merchantNo) is now \(status.rawValue).")
        }
    }
}
