import ArgumentParser
import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import Foundation
import Logging

/// `merchant deposit` and `merchant balance`: funding a merchant's TUSDT reserve.
struct MerchantDeposit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deposit",
        abstract: "Credit an on-chain stablecoin deposit 1:1 to a merchant's TUSDT reserve (once per chain + tx hash)."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Merchant number.") var merchant: String
    @Option(help: "Amount received, at most 2 decimals, e.g. 1000.00.") var amount: String
    @Option(help: "Stablecoin received, e.g. USDT.") var currency: String
    @Option(help: "Chain it arrived on, e.g. TRON.") var chain: String
    @Option(name: .customLong("tx-hash"), help: "The on-chain transaction hash.") var txHash: String
    @Option(
        help: "Accepted currencies and chains. Default: $CARDPLANE_DEPOSIT_ASSETS, else USDT:TRON,ETH,BSC;USDC:ETH,SOL."
    )
    var depositAssets: String?

    func run() async throws {
        let assets = try DepositAssetsOption.resolve(depositAssets)
        let (merchantNo, amount, currency, chain, txHash) = (merchant, amount, currency, chain, txHash)
        try await withTreasury(storeOptions, assets: assets) { treasury in
            let result = try await treasury.deposit(
                merchantNo: merchantNo,
                amountText: amount,
                currency: currency,
                chain: chain,
                txHash: txHash
            )
            let balance = Amount(minorUnits: result.reserve.balanceMinor, scale: Currency.tusdt.scale)
            Output.line(
                result.credited
                    ? "Credited \(amount) \(currency.uppercased()) on \(chain.uppercased()) to \(merchantNo); reserve \(balance) TUSDT."
                    : "Already credited (\(chain.uppercased()) \(txHash)); nothing changed. Reserve \(balance) TUSDT."
            )
        }
    }
}

struct MerchantBalance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "Show a merchant's TUSDT reserve."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Merchant number.") var merchant: String

    func run() async throws {
        let merchantNo = merchant
        try await withTreasury(storeOptions, assets: .standard) { treasury in
            let account = try await treasury.reserve(merchantNo: merchantNo)
            let scale = Currency.tusdt.scale
            Output.line("merchant_no: \(merchantNo)")
            Output.line("balance:     \(Amount(minorUnits: account.balanceMinor, scale: scale)) TUSDT")
            Output.line("held:        \(Amount(minorUnits: account.heldMinor, scale: scale)) TUSDT")
            Output.line("available:   \(Amount(minorUnits: account.availableMinor, scale: scale)) TUSDT")
        }
    }
}

/// `ledger verify`: recompute every balance and check every invariant; non-zero exit on drift.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Inspect the double-entry ledger.",
        subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute balances from postings; check entries sum to zero; exit 1 on any drift."
        )
        @OptionGroup var storeOptions: StoreOptions

        @Option(
            help:
                "Also write the outcome (problems, finish time) in Prometheus' text format to this file, atomically, for node_exporter's textfile collector."
        )
        var textfile: String?

        func run() async throws {
            let report = try await withTreasuryResult(storeOptions) { try await $0.verifyLedger() }
            if let textfile {
                let text = Monitoring.ledgerVerification(
                    problems: report.problems.count,
                    finishedAtSeconds: Int64(Date().timeIntervalSince1970)
                )
                // Written beside it, then renamed over it: a scrape reads the old file or the new one.
                let partial = textfile + ".partial"
                try Data(text).write(to: URL(fileURLWithPath: partial))
                guard rename(partial, textfile) == 0 else {
                    throw ValidationError("cannot write \(textfile): \(String(cString: strerror(errno)))")
                }
            }
            Output.line("accounts: \(report.accounts)  entries: \(report.entries)  postings: \(report.postings)")
            Output.line("sum of all balances: \(report.balanceSum) (minor units; must be 0)")
            for problem in report.problems { Output.line("PROBLEM: \(problem)") }
            guard report.isClean else {
                Output.error("ledger verify: \(report.problems.count) problem(s) found")
                throw ExitCode(1)
            }
            Output.line("ledger verify: clean")
        }
    }
}

enum DepositAssetsOption {
    static func resolve(_ flag: String?) throws -> DepositAssets {
        guard let text = flag ?? ProcessInfo.processInfo.environment["CARDPLANE_DEPOSIT_ASSETS"] else {
            return .standard
        }
        guard let assets = DepositAssets(configuration: text) else {
            throw ValidationError("deposit assets must look like USDT:TRON,ETH,BSC;USDC:ETH,SOL")
        }
        return assets
    }
}

/// Runs `body` with a treasury over the configured store, printing refusals as the API would.
func withTreasury(
    _ storeOptions: StoreOptions,
    assets: DepositAssets,
    _ body: @escaping @Sendable (Treasury) async throws -> Void
) async throws {
    let logger = LoggingSetup.bootstrap(level: .warning)
    try await reportingRefusals {
        try await storeOptions.withStore(logger: logger) { store in
            try await body(Treasury(store: store, clock: SystemClock(), depositAssets: assets))
        }
    }
}

func withTreasuryResult<Value: Sendable>(
    _ storeOptions: StoreOptions,
    _ body: @escaping @Sendable (Treasury) async throws -> Value
) async throws -> Value {
    let logger = LoggingSetup.bootstrap(level: .warning)
    return try await storeOptions.withStore(logger: logger) { store in
        try await body(Treasury(store: store, clock: SystemClock()))
    }
}
