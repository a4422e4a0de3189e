import ArgumentParser
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import Foundation

/// `merchant callback set|show`: where a merchant's callbacks go.
struct MerchantCallbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callback",
        abstract: "Set or show the URL a merchant's callbacks (Card_update, Consumption, Auth) are POSTed to.",
        subcommands: [Set.self, Show.self]
    )

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the callback URL; pending callbacks go at once.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Merchant number.") var merchant: String
        @Option(help: "Absolute https URL.") var url: String
        @Flag(help: "Accept an http:// URL, for a server run with --sandbox (others refuse to send to it).")
        var sandbox = false

        func run() async throws {
            let (merchantNo, url) = (merchant, url)
            let destinations = CallbackDestinationPolicy(allowsPlainHTTP: sandbox)
            try await administer(storeOptions, callbackDestinations: destinations) {
                try await $0.setCallbackURL(url, merchantNo: merchantNo)
            }
            Output.line("Callbacks of \(merchantNo) go to \(url).")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the callback URL.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Merchant number.") var merchant: String

        func run() async throws {
            let merchantNo = merchant
            try await administer(storeOptions) { administration in
                let url = try await administration.callbackURL(merchantNo: merchantNo)
                let warning =
                    url.flatMap(CallbackURL.init)?.scheme == .http
                    ? " (http: refused by every server not run with --sandbox; set an https:// URL)" : ""
                Output.line("callback_url: \(url ?? "(not set)")\(warning)")
            }
        }
    }
}

/// `callback list|replay`: the delivery log of callbacks to merchants.
struct CallbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callback",
        abstract: "Read the callback delivery log and send a callback again.",
        subcommands: [List.self, Replay.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List callbacks, newest first.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Only this merchant's.") var merchant: String?
        @Option(help: "pending, delivered, dead or skipped.") var status: String?
        @Flag(help: "Only dead callbacks (every attempt failed): the same as --status dead.") var dead = false
        @Option(help: "Most rows shown.") var limit = 50

        func validate() throws {
            if let status, OutboxRecords.DeliveryStatus(rawValue: status) == nil {
                throw ValidationError("--status must be pending, delivered, dead or skipped")
            }
            if dead, let status, status != "dead" { throw ValidationError("--dead and --status \(status) disagree") }
            guard (1...1_000).contains(limit) else { throw ValidationError("--limit must be 1…1000") }
        }

        func run() async throws {
            let status = dead ? .dead : status.flatMap(OutboxRecords.DeliveryStatus.init)
            let (merchantNo, limit) = (merchant, limit)
            try await administer(storeOptions) { administration in
                Output.line("ID\tMERCHANT_NO\tOBJECT\tVERSION\tSTATUS\tATTEMPTS\tNEXT_ATTEMPT\tLAST_ERROR")
                for row in try await administration.deliveries(merchantNo: merchantNo, status: status, limit: limit) {
                    let next =
                        row.status == .pending
                        ? ISO8601DateFormatter().string(
                            from: Date(timeIntervalSince1970: Double(row.nextAttemptAtMs) / 1_000)
                        ) : "-"
                    Output.line(
                        "\(row.event.eventID)\t\(row.event.merchantNo)\t\(row.event.aggregateNo)\t"
                            + "\(row.event.aggregateVersion)\t\(row.status.rawValue)\t\(row.attempts)\t\(next)\t"
                            + "\(row.lastError ?? "-")"
                    )
                }
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Send a callback again now, with the same id (the merchant may see it twice); a dead one gets one more attempt."
        )

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Callback id (the event id shown by list).") var id: String

        func run() async throws {
            let eventID = id
            try await administer(storeOptions) { try await $0.replay(eventID: eventID) }
            Output.line("Callback \(eventID) is due now.")
        }
    }
}
