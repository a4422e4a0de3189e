import ArgumentParser
import CardplaneCore
import CardplaneIssuer

/// `merchant pci set|show`: the merchant's PCI card display (private info, the hosted card page).
struct PCICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pci",
        abstract: "Configure a merchant's PCI card display: private info and the hosted card page.",
        subcommands: [Set.self, Show.self]
    )

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn PCI display on or off and set the hosted page's origins, hosts and style."
        )

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Merchant number.") var merchant: String
        @Option(help: "on or off.") var display: String?
        @Option(
            help:
                "Parent page origin allowed to embed the card, e.g. https://wallet.example; repeat; replaces the list."
        )
        var origin: [String] = []
        @Option(
            help:
                "host[:port] the hosted page is served under, e.g. cards.cardplane.example; repeat; replaces the list."
        )
        var host: [String] = []
        @Option(help: "Card background colour, #rrggbb.") var background: String?
        @Option(help: "Card text colour, #rrggbb.") var textColor: String?
        @Option(help: "Accent colour (copy buttons), #rrggbb.") var accent: String?
        @Option(help: "Font family installed on the users' devices (nothing is downloaded).") var font: String?

        func validate() throws {
            if let display, !["on", "off"].contains(display) { throw ValidationError("--display must be on or off") }
        }

        func run() async throws {
            let (merchantNo, enabled) = (merchant, display.map { $0 == "on" })
            let (origins, hosts) = (origin.isEmpty ? nil : origin, host.isEmpty ? nil : host)
            let (background, textColor, accent, font) = (background, textColor, accent, font)
            try await administer(storeOptions) { administration in
                let settings = try await administration.configurePCI(
                    merchantNo: merchantNo,
                    enabled: enabled,
                    origins: origins,
                    hosts: hosts
                ) { style in
                    if let background { style.background = background }
                    if let textColor { style.textColor = textColor }
                    if let accent { style.accent = accent }
                    if let font { style.font = font }
                }
                Show.report(settings, merchantNo: merchantNo)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the merchant's PCI display settings.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Merchant number.") var merchant: String

        func run() async throws {
            let merchantNo = merchant
            try await administer(storeOptions) { administration in
                Self.report(try await administration.pciSettings(merchantNo: merchantNo), merchantNo: merchantNo)
            }
        }

        static func report(_ settings: PCIDisplaySettings, merchantNo: String) {
            Output.line("merchant_no: \(merchantNo)")
            Output.line("pci_display: \(settings.enabled ? "on" : "off")")
            Output.line("allowed_origins: \(settings.allowedOrigins.joined(separator: " "))")
            Output.line("hosted_hosts: \(settings.hostedHosts.joined(separator: " "))")
            let style = settings.style
            Output.line("style: \(style.background) \(style.textColor) \(style.accent) \(style.font)")
        }
    }
}
