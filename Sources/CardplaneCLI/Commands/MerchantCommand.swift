public import ArgumentParser
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneVault
import Logging

/// `cardplane merchant …`: onboarding and managing merchants.
struct MerchantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merchant",
        abstract: "Onboard and manage merchants, their API keys and IP allowlists.",
        subcommands: [
            MerchantCreate.self, MerchantList.self, MerchantStatusCommand.Disable.self,
            MerchantStatusCommand.Enable.self, MerchantStatusCommand.Close.self, KeyCommand.self, IPCommand.self,
            MerchantDeposit.self, MerchantBalance.self, PCICommand.self, MerchantCallbackCommand.self,
        ]
    )
}

/// Runs `body` with merchant administration over the configured store, printing operator errors plainly.
func administer(
    _ storeOptions: StoreOptions,
    callbackDestinations: CallbackDestinationPolicy = .init(),
    _ body: @escaping @Sendable (MerchantAdministration) async throws -> Void
) async throws {
    let logger = LoggingSetup.bootstrap(level: .warning)
    let keyRing = try storeOptions.keyRing()
    try await reportingRefusals {
        try await storeOptions.withStore(logger: logger, keyRing: keyRing) { store in
            try await body(
                MerchantAdministration(
                    store: store,
                    sealer: SecretSealer(keyRing: keyRing),
                    clock: SystemClock(),
                    callbackDestinations: callbackDestinations
                )
            )
        }
    }
}

/// Parses `--ip` values.
func parseBlocks(_ texts: [String]) throws -> [CIDRBlock] {
    try texts.map { text in
        guard let block = CIDRBlock(text) else {
            throw ValidationError("--ip \(text): not an IP address or CIDR block")
        }
        return block
    }
}

struct MerchantCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a merchant and its first API credential (shown once)."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The merchant's name.") var name: String
    @Option(help: "credit_extension or authorization.") var mode: IntegrationMode
    @Option(help: "Client address or CIDR block allowed to call the API; repeatable.") var ip: [String] = []
    @Option(help: "Expiry of the first key: yyyy-MM-dd (UTC midnight) or Unix milliseconds.") var keyExpires: String?
    @Flag(help: "Print one JSON object: merchant_no, api_key, api_secret, mode.") var json = false

    func run() async throws {
        let blocks = try parseBlocks(ip)
        let expiresAtMs = try keyExpires.map(KeyExpiry.parse)
        let (name, mode, json) = (name, mode, json)
        try await administer(storeOptions) { administration in
            let created = try await administration.createMerchant(
                name: name,
                mode: mode,
                ipAllowlist: blocks,
                keyExpiresAtMs: expiresAtMs
            )
            if json {
                try Output.json([
                    "merchant_no": created.merchant.merchantNo,
                    "api_key": created.credential.apiKey.reveal(),
                    "api_secret": created.credential.apiSecret.reveal(),
                    "api_key_id": created.credential.key.id,
                    "mode": created.merchant.mode.rawValue,
                ])
            } else {
                CredentialPrinter.show(created.credential, merchantNo: created.merchant.merchantNo)
            }
        }
    }
}

struct MerchantList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List merchants.")

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        try await administer(storeOptions) { administration in
            let merchants = try await administration.merchants()
            Output.line("MERCHANT_NO\tMODE\tSTATUS\tNAME\tALLOWED_IPS")
            for merchant in merchants {
                let blocks = merchant.ipAllowlist.map(\.description).joined(separator: ",")
                Output.line(
                    "\(merchant.merchantNo)\t\(merchant.mode.rawValue)\t\(merchant.status.rawValue)\t\(merchant.name)\t\(blocks)"
                )
            }
        }
    }
}

extension IntegrationMode: ExpressibleByArgument {}
