import ArgumentParser
import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import Logging

/// `cardplane simulate …`: the card network's side of a payment, against the configured database,
/// for demos and tests (the same engine the server runs; an authorization-mode merchant is asked
/// in real time over its callback URL).
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Drive card payments as the card network would: authorize, clear, reverse, refund, expire.",
        subcommands: [Authorize.self, Clear.self, Reverse.self, Refund.self, Expire.self]
    )

    /// Runs `step` on the server's transaction engine and prints the record it answers as JSON.
    static func run(
        _ storeOptions: StoreOptions,
        _ step: @escaping @Sendable (CardTransactions) async throws -> Consumption
    ) async throws {
        let logger = LoggingSetup.bootstrap(level: .warning)
        let keyRing = try storeOptions.keyRing()
        try await reportingRefusals {
            try await storeOptions.withStore(logger: logger, keyRing: keyRing) { store in
                let services = try CardplaneServices(
                    configuration: ServerConfiguration(),
                    store: store,
                    masterKeys: keyRing,
                    logger: logger
                )
                Output.line(ConsumptionEventData.simulatorView(of: try await step(services.transactions)).text)
            }
        }
    }

    static func usd(_ text: String, _ option: String) throws -> Amount {
        guard let amount = Amount(parsing: text, scale: 2), amount.minorUnits > 0 else {
            throw ValidationError("--\(option) must be a positive USD amount with at most 2 decimals")
        }
        return amount
    }

    static func newID(_ prefix: String) -> String {
        prefix + "_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    struct Authorize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ask to approve a purchase or ATM withdrawal.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Card number (card_no).") var card: String
        @Option(help: "Amount in --currency, e.g. 12.50.") var amount: String
        @Option(help: "ISO 4217 currency; converted to USD at the simulator's fixed rates.") var currency = "USD"
        @Flag(help: "An ATM withdrawal instead of a purchase.") var atm = false
        @Flag(help: "Presented through Apple Pay.") var applePay = false
        @Option(help: "Merchant name.") var merchantName = "Simulated Merchant"
        @Option(help: "Merchant category code.") var mcc: String?
        @Option(help: "Merchant city.") var city = "San Francisco"
        @Option(help: "Merchant country (ISO 3166 alpha-2).") var country = "US"
        @Option(help: "The network's transaction id (default: a new one).") var networkId: String?

        func run() async throws {
            let code = currency.uppercased()
            guard let local = Amount(parsing: amount, scale: ExchangeRates.scale(of: code)), local.minorUnits > 0,
                let usd = code == "USD" ? local : ExchangeRates.simulatorDefault.toUSD(local, currency: code)
            else { throw ValidationError("--amount must be a positive amount of a currency the simulator knows") }
            let request = AuthorizationRequest(
                cardNo: card,
                networkTransactionID: networkId ?? SimulateCommand.newID("ntx"),
                kind: atm ? .atm : .purchase,
                amount: usd,
                localAmount: local,
                localCurrency: code,
                merchant: MerchantInfo(
                    merchantName: merchantName,
                    merchantMcc: mcc ?? (atm ? "6011" : "5411"),
                    city: city,
                    country: country
                ),
                isApplePay: applePay
            )
            try await SimulateCommand.run(storeOptions) { try await $0.authorize(request).consumption }
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Capture an authorization (all of it, or --amount).")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "The authorization's network transaction id.") var networkId: String
        @Option(help: "USD to capture; default all that is left.") var amount: String?

        func run() async throws {
            let (networkID, amount) = (networkId, try amount.map { try SimulateCommand.usd($0, "amount") })
            try await SimulateCommand.run(storeOptions) {
                try await $0.clear(
                    networkTransactionID: networkID,
                    amount: amount,
                    messageID: SimulateCommand.newID("clr")
                )
            }
        }
    }

    struct Reverse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reverse a pending authorization (all, or --amount).")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "The authorization's network transaction id.") var networkId: String
        @Option(help: "USD to reverse; default all that is left.") var amount: String?

        func run() async throws {
            let (networkID, amount) = (networkId, try amount.map { try SimulateCommand.usd($0, "amount") })
            try await SimulateCommand.run(storeOptions) {
                try await $0.reverse(
                    networkTransactionID: networkID,
                    amount: amount,
                    messageID: SimulateCommand.newID("rev")
                )
            }
        }
    }

    struct Refund: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refund part or all of a captured payment.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "The payment's network transaction id.") var networkId: String
        @Option(help: "USD to refund.") var amount: String

        func run() async throws {
            let (networkID, amount) = (networkId, try SimulateCommand.usd(amount, "amount"))
            try await SimulateCommand.run(storeOptions) {
                try await $0.refund(
                    networkTransactionID: networkID,
                    amount: amount,
                    messageID: SimulateCommand.newID("ref")
                )
            }
        }
    }

    struct Expire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Expire authorizations whose hold outlived its lifetime."
        )

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let logger = LoggingSetup.bootstrap(level: .warning)
            let keyRing = try storeOptions.keyRing()
            let count = try await storeOptions.withStore(logger: logger, keyRing: keyRing) { store in
                let services = try CardplaneServices(
                    configuration: ServerConfiguration(),
                    store: store,
                    masterKeys: keyRing,
                    logger: logger
                )
                return try await services.transactions.expireHolds()
            }
            Output.line(#"{"expired":\#(count)}"#)
        }
    }
}
