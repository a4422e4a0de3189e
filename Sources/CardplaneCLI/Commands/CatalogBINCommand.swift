import ArgumentParser
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import Foundation

/// `catalog bin add|list|disable|enable`.
struct BINCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bin",
        abstract: "Add, list, disable and enable card BINs.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a card BIN.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "The BIN digits (6 or 8), the start of every PAN.") var bin: String
        @Option(help: "Card scheme: Visa or Mastercard.") var organization: String
        @Flag(help: "Issue virtual cards on it.") var virtual = false
        @Flag(help: "Issue physical cards on it.") var physical = false
        @Option(help: "Comma-separated ISO 4217 currencies it spends in.") var currencies = "USD"
        @Option(help: "Comma-separated ISO 3166 alpha-2 countries cards may be issued to; empty for all.")
        var countries = ""
        @OptionGroup var limits: LimitOptions

        func validate() throws {
            guard CardBIN.isValidBIN(bin) else { throw ValidationError("--bin must be 6 or 8 digits") }
            guard CardOrganization(rawValue: organization) != nil else {
                throw ValidationError("--organization must be Visa or Mastercard")
            }
            guard virtual || physical else { throw ValidationError("give --virtual, --physical or both") }
            guard Self.codes(currencies, length: 3) != nil else {
                throw ValidationError("--currencies must be ISO 4217 codes (three letters), comma-separated")
            }
            guard countries.isEmpty || Self.codes(countries, length: 2) != nil else {
                throw ValidationError("--countries must be ISO 3166 alpha-2 codes (two letters), comma-separated")
            }
        }

        /// Upper-cased codes of `length` ASCII letters from a comma-separated list, or `nil`.
        static func codes(_ list: String, length: Int) -> [String]? {
            let codes = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
            let valid =
                !codes.isEmpty && codes.allSatisfy { $0.count == length && $0.allSatisfy { $0.isASCII && $0.isLetter } }
            return valid ? codes : nil
        }

        func run() async throws {
            let (digits, virtual, physical) = (bin, virtual, physical)
            let organization = CardOrganization(rawValue: organization) ?? .visa
            let currencies = Self.codes(currencies, length: 3) ?? []
            let countries = Self.codes(countries, length: 2) ?? []
            let limits = try limits.limits()
            try await withCatalog(storeOptions) { catalog in
                let created = try await catalog.addBIN { cardBinNo in
                    CardBIN(
                        cardBinNo: cardBinNo,
                        bin: digits,
                        organization: organization,
                        supportsVirtual: virtual,
                        supportsPhysical: physical,
                        currencies: currencies,
                        balanceLimit: limits,
                        countries: countries,
                        status: .enabled,
                        createdAtMs: SystemClock().nowMs()
                    )
                }
                Output.line("card_bin_no: \(created.cardBinNo)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every BIN.")

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await withCatalog(storeOptions) { catalog in
                Output.line("CARD_BIN_NO\tBIN\tORGANIZATION\tTYPES\tCURRENCIES\tCOUNTRIES\tSTATUS")
                for bin in try await catalog.allBINs() {
                    let types = [bin.supportsVirtual ? "Virtual" : nil, bin.supportsPhysical ? "Physical" : nil]
                        .compactMap { $0 }.joined(separator: ",")
                    let countries = bin.countries.isEmpty ? "all" : bin.countries.joined(separator: ",")
                    Output.line(
                        "\(bin.cardBinNo)\t\(bin.bin)\t\(bin.organization.rawValue)\t\(types)\t"
                            + "\(bin.currencies.joined(separator: ","))\t\(countries)\t\(bin.status.rawValue)"
                    )
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop new cards on a BIN and its packages.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "BIN number.") var bin: String

        func run() async throws {
            let cardBinNo = bin
            try await withCatalog(storeOptions) { try await $0.setStatus(.disabled, cardBinNo: cardBinNo) }
            Output.line("Disabled \(cardBinNo).")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Allow new cards on a BIN again.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "BIN number.") var bin: String

        func run() async throws {
            let cardBinNo = bin
            try await withCatalog(storeOptions) { try await $0.setStatus(.enabled, cardBinNo: cardBinNo) }
            Output.line("Enabled \(cardBinNo).")
        }
    }
}
