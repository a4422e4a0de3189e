import ArgumentParser
import CardplaneCore
import CardplaneIssuer
import CardplaneVault
import Foundation

/// `merchant key create|revoke|list --merchant NO`.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Manage a merchant's API keys.",
        subcommands: [Create.self, Revoke.self, List.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a new Api-Key and apiSecret (shown once).")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Merchant number.") var merchant: String
        @Option(help: "Expiry: yyyy-MM-dd (UTC midnight) or Unix milliseconds. Default: never.") var expires: String?
        @Flag(help: "Print one JSON object.") var json = false

        func run() async throws {
            let expiresAtMs = try expires.map(KeyExpiry.parse)
            let (merchantNo, json) = (merchant, json)
            try await administer(storeOptions) { administration in
                let credential = try await administration.createKey(merchantNo: merchantNo, expiresAtMs: expiresAtMs)
                if json {
                    try Output.json([
                        "merchant_no": merchantNo, "api_key": credential.apiKey.reveal(),
                        "api_secret": credential.apiSecret.reveal(), "api_key_id": credential.key.id,
                    ])
                } else {
                    CredentialPrinter.show(credential, merchantNo: merchantNo)
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a key: it answers 1010 from the next request on."
        )
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Merchant number.") var merchant: String
        @Option(help: "Key id, as `key list` shows it.") var key: String

        func run() async throws {
            let (merchantNo, keyID) = (merchant, key)
            try await administer(storeOptions) { administration in
                try await administration.revokeKey(id: keyID, merchantNo: merchantNo)
                Output.line("Key \(keyID) revoked.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a merchant's keys (never their secrets).")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Merchant number.") var merchant: String

        func run() async throws {
            let merchantNo = merchant
            try await administer(storeOptions) { administration in
                Output.line("KEY_ID\tPREFIX\tSTATUS\tCREATED\tEXPIRES")
                for key in try await administration.keys(merchantNo: merchantNo) {
                    let expires = key.expiresAtMs.map(KeyExpiry.format) ?? "never"
                    Output.line(
                        "\(key.id)\t\(key.prefix)…\t\(key.status.rawValue)\t\(KeyExpiry.format(key.createdAtMs))\t\(expires)"
                    )
                }
            }
        }
    }
}

/// Prints a new credential for an operator, once.
enum CredentialPrinter {
    static func show(_ credential: IssuedCredential, merchantNo: String) {
        Output.line(
            """
            merchant_no: \(merchantNo)
            key id:      \(credential.key.id)
            Api-Key:     \(credential.apiKey.reveal())
            apiSecret:   \(credential.apiSecret.reveal())
            These are shown once; Cardplane keeps only a digest of the Api-Key and the sealed apiSecret.
            """
        )
    }
}

/// Key expiry on the command line: `yyyy-MM-dd` (UTC midnight) or Unix milliseconds.
enum KeyExpiry {
    static func parse(_ text: String) throws -> Int64 {
        if text.count == 13, let ms = Int64(text) { return ms }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        let date = parts.count == 3 ? CivilDate(year: parts[0], month: parts[1], day: parts[2]) : nil
        guard let date, date.isValid, text.count == 10 else {
            throw ValidationError("expiry must be yyyy-MM-dd or Unix milliseconds")
        }
        return date.unixDays * 86_400_000
    }

    static func format(_ ms: Int64) -> String {
        Date(timeIntervalSince1970: Double(ms) / 1_000).formatted(.iso8601)
    }
}
