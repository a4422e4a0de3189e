import ArgumentParser
import CardplaneIssuer

/// `merchant pci set|show`: the merchant's PCI card display (private info; the hosted page).
struct PCICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pci",
        abstract: "Turn a merchant's PCI card display (card private info) on or off.",
        subcommands: [Set.self, Show.self]
    )

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Turn PCI display on or off.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Merchant number.") var merchant: String
        @Option(help: "on or off.") var display: String

        func validate() throws {
            guard ["on", "off"].contains(display) else { throw ValidationError("--display must be on or off") }
        }

        func run() async throws {
            let (merchantNo, enabled) = (merchant, display == "on")
            try await administer(storeOptions) { try await $0.setPCIDisplay(enabled, merchantNo: merchantNo) }
            Output.line("PCI display \(enabled ? "on" : "off") for \(merchantNo).")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show whether PCI display is on.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Merchant number.") var merchant: String

        func run() async throws {
            let merchantNo = merchant
            try await administer(storeOptions) { administration in
                let enabled = try await administration.pciDisplay(merchantNo: merchantNo)
                Output.line("pci_display: \(enabled ? "on" : "off")")
            }
        }
    }
}
