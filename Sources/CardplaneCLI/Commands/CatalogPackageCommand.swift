import ArgumentParser
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import Foundation

/// `catalog package add|list|disable|enable`.
struct PackageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Add, list, disable and enable card packages (products for credit-extension merchants).",
        subcommands: [Add.self, List.self, Disable.self, Enable.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a card package on a BIN.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "The BIN number it issues on.") var bin: String
        @Option(help: "Card type: Virtual or Physical.") var type: String
        @Option(help: "English name.") var nameEn: String
        @Option(help: "Chinese name.") var nameCn: String
        @Option(help: "English description.") var descriptionEn = ""
        @Option(help: "Chinese description.") var descriptionCn = ""
        @Option(help: "English tag; repeat for several.") var tagEn: [String] = []
        @Option(help: "Chinese tag; repeat for several.") var tagCn: [String] = []
        @Option(help: "JSON file with the fee schedule (spec §4.6.1 field names). Default: the demo schedule.")
        var feesFile: String?
        @Flag(help: "Physical cards of this package activate only in the merchant's app (card/active answers 4008).")
        var activationInApp = false
        @OptionGroup var limits: LimitOptions

        func validate() throws {
            guard CardType(rawValue: type) != nil else { throw ValidationError("--type must be Virtual or Physical") }
            guard (1...Limits.merchantNameLengthMax).contains(nameEn.count),
                (1...Limits.merchantNameLengthMax).contains(nameCn.count)
            else { throw ValidationError("names must be 1 to \(Limits.merchantNameLengthMax) characters") }
        }

        func run() async throws {
            let fees = try feesFile.map(Self.readFees) ?? DemoCatalog.fees
            let limits = try limits.limits()
            let type = CardType(rawValue: type) ?? .virtual
            let activation: CardPackage.Activation = activationInApp ? .merchantApp : .api
            let (bin, nameEn, nameCn, descriptionEn, descriptionCn, tagEn, tagCn) =
                (bin, nameEn, nameCn, descriptionEn, descriptionCn, tagEn, tagCn)
            try await withCatalog(storeOptions) { catalog in
                let created = try await catalog.addPackage { packageNo in
                    CardPackage(
                        packageNo: packageNo,
                        cardBinNo: bin,
                        type: type,
                        nameEn: nameEn,
                        nameCn: nameCn,
                        descriptionEn: descriptionEn,
                        descriptionCn: descriptionCn,
                        tagsEn: tagEn,
                        tagsCn: tagCn,
                        consumptionLimit: limits,
                        feeSchedule: fees,
                        activation: activation,
                        status: .enabled,
                        createdAtMs: SystemClock().nowMs()
                    )
                }
                Output.line("package_no: \(created.packageNo)")
            }
        }

        static func readFees(_ path: String) throws -> FeeSchedule {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path)")
            }
            do {
                return try JSONDecoder().decode(FeeSchedule.self, from: data)
            } catch {
                throw ValidationError("\(path) is not a fee schedule: every field of spec §4.6.1 is required")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every package.")

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await withCatalog(storeOptions) { catalog in
                Output.line("PACKAGE_NO\tCARD_BIN_NO\tTYPE\tOPEN_COST\tACTIVATION\tSTATUS\tNAME")
                for entry in try await catalog.allPackages() {
                    let package = entry.package
                    Output.line(
                        "\(package.packageNo)\t\(package.cardBinNo)\t\(package.type.rawValue)\t"
                            + "\(package.feeSchedule.openCost)\t\(package.activation.rawValue)\t"
                            + "\(package.status.rawValue)\t\(package.nameEn)"
                    )
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop new cards on a package.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Package number.") var package: String

        func run() async throws {
            let packageNo = package
            try await withCatalog(storeOptions) { try await $0.setStatus(.disabled, packageNo: packageNo) }
            Output.line("Disabled \(packageNo).")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Allow new cards on a package again.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Package number.") var package: String

        func run() async throws {
            let packageNo = package
            try await withCatalog(storeOptions) { try await $0.setStatus(.enabled, packageNo: packageNo) }
            Output.line("Enabled \(packageNo).")
        }
    }
}
