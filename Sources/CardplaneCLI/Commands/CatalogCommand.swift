import ArgumentParser
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import Foundation
import Logging

/// `cardplane catalog …`: card BINs, card packages and their assignment to merchants.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Manage card BINs and packages and assign them to merchants.",
        subcommands: [BINCommand.self, PackageCommand.self, CatalogAssign.self, CatalogAssignments.self]
    )
}

/// Runs `body` with the catalog over the configured store, printing operator errors plainly.
func withCatalog(
    _ storeOptions: StoreOptions,
    _ body: @escaping @Sendable (CardCatalog) async throws -> Void
) async throws {
    let logger = LoggingSetup.bootstrap(level: .warning)
    try await reportingRefusals {
        try await storeOptions.withStore(logger: logger) { store in
            try await body(CardCatalog(store: store, clock: SystemClock()))
        }
    }
}

/// The four spending limits, in USD, as options; default the demo limits.
struct LimitOptions: ParsableArguments {
    @Option(help: "Single spend limit, USD.") var limitBalance: String = DemoCatalog.limits.limitBalance.description
    @Option(help: "Weekly spend limit, USD.") var limitWeekBalance: String =
        DemoCatalog.limits.limitWeekBalance.description
    @Option(help: "ATM daily limit, USD.") var limitAtmDayBalance: String =
        DemoCatalog.limits.limitAtmDayBalance.description
    @Option(help: "ATM monthly limit, USD.") var limitAtmMonthBalance: String =
        DemoCatalog.limits.limitAtmMonthBalance.description

    func limits() throws -> ConsumptionLimit {
        func amount(_ text: String, _ name: String) throws -> Amount {
            guard let amount = Amount(parsing: text, scale: ConsumptionLimit.scale) else {
                throw ValidationError("--\(name) must be an amount with at most 2 decimals")
            }
            return amount
        }
        return ConsumptionLimit(
            limitBalance: try amount(limitBalance, "limit-balance"),
            limitWeekBalance: try amount(limitWeekBalance, "limit-week-balance"),
            limitAtmDayBalance: try amount(limitAtmDayBalance, "limit-atm-day-balance"),
            limitAtmMonthBalance: try amount(limitAtmMonthBalance, "limit-atm-month-balance")
        )
    }
}

/// `catalog assign`: let a merchant issue on a package or BIN.
struct CatalogAssign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Let a merchant issue cards on a package (credit extension) or BIN (authorization)."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Merchant number.") var merchant: String
    @Option(help: "Package number (credit-extension merchants).") var package: String?
    @Option(help: "BIN number (authorization merchants).") var bin: String?
    @Option(help: "Most cards the merchant may hold on it.") var issuanceLimit: Int64
    @Option(help: "Issuance fee of a BIN card, TUSDT, charged to the merchant's reserve. Default 0.") var openCost:
        String?

    func validate() throws {
        guard (package == nil) != (bin == nil) else { throw ValidationError("give exactly one of --package and --bin") }
    }

    func run() async throws {
        let productNo = package ?? bin ?? ""
        let openCost = try openCost.map { text in
            guard let amount = Amount(parsing: text, scale: Currency.tusdt.scale) else {
                throw ValidationError("--open-cost must be an amount with at most 2 decimals")
            }
            return amount
        }
        let (merchantNo, limit) = (merchant, issuanceLimit)
        try await withCatalog(storeOptions) { catalog in
            let assignment = try await catalog.assign(
                productNo: productNo,
                to: merchantNo,
                issuanceLimit: limit,
                openCost: openCost
            )
            Output.line(
                "Assigned \(assignment.productKind.rawValue) \(productNo) to \(merchantNo): "
                    + "limit \(assignment.issuanceLimit) cards, \(assignment.issuedCount) issued."
            )
        }
    }
}

/// `catalog assignments`: what a merchant may issue on.
struct CatalogAssignments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assignments",
        abstract: "List the packages and BINs assigned to a merchant."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Merchant number.") var merchant: String

    func run() async throws {
        let merchantNo = merchant
        try await withCatalog(storeOptions) { catalog in
            Output.line("PRODUCT_NO\tKIND\tISSUED\tLIMIT\tOPEN_COST")
            for row in try await catalog.assignments(merchantNo: merchantNo) {
                let cost = Amount(minorUnits: row.openCostMinor, scale: Currency.tusdt.scale)
                Output.line(
                    "\(row.productNo)\t\(row.productKind.rawValue)\t\(row.issuedCount)\t\(row.issuanceLimit)\t\(cost)"
                )
            }
        }
    }
}
