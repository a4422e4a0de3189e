import ArgumentParser
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import Foundation
import Logging

/// `audit list` and `audit verify`: read and check the hash-chained audit log (ADR 0020).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read the audit log of operator actions and merchant calls, and check it was not altered.",
        subcommands: [List.self, Verify.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List audit records, newest first.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Only calls of this merchant.") var merchant: String?
        @Option(help: "operator or merchant.") var actor: String?
        @Option(help: "Only actions starting with this (e.g. \"merchant key\", \"POST /open-api/v1/card\").")
        var action: String?
        @Option(help: "Only records at or after this time (ISO 8601, e.g. 2026-12-01T00:00:00Z).") var since: String?
        @Option(help: "Most rows shown, 1…1000.") var limit = 50

        func validate() throws {
            if let actor, actor != "operator", actor != "merchant" {
                throw ValidationError("--actor must be operator or merchant")
            }
            if let since, ISO8601DateFormatter().date(from: since) == nil {
                throw ValidationError("--since must be an ISO 8601 time such as 2026-12-01T00:00:00Z")
            }
            guard (1...1_000).contains(limit) else { throw ValidationError("--limit must be 1…1000") }
        }

        func run() async throws {
            let fromMs = since.flatMap { ISO8601DateFormatter().date(from: $0) }.map {
                Int64($0.timeIntervalSince1970 * 1_000)
            }
            let filter = AuditRecords.Filter(
                merchantNo: merchant,
                actorType: actor,
                actionPrefix: action,
                fromMs: fromMs
            )
            let limit = limit
            let records = try await storeOptions.withStore(logger: AuditCommand.logger) { store in
                try await AuditLog(store: store).list(filter, limit: limit)
            }
            Output.line("SEQUENCE\tTIME\tACTOR_TYPE\tACTOR\tMERCHANT_NO\tACTION\tOBJECT\tOUTCOME")
            for record in records {
                let time = ISO8601DateFormatter().string(
                    from: Date(timeIntervalSince1970: Double(record.occurredAtMs) / 1_000)
                )
                Output.line(
                    "\(record.sequence)\t\(time)\t\(record.actorType)\t\(record.actor)\t\(record.merchantNo ?? "-")\t"
                        + "\(record.action)\t\(record.object ?? "-")\t\(record.outcome)"
                )
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the hash chain from the first record; exit 1 if a record was edited or removed."
        )

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let verification = try await storeOptions.withStore(logger: AuditCommand.logger) { store in
                try await AuditLog(store: store).verify()
            }
            Output.line("records: \(verification.records)")
            for problem in verification.problems { Output.line("PROBLEM: \(problem)") }
            guard verification.isIntact else {
                Output.error("audit verify: \(verification.problems.count) problem(s) found")
                throw ExitCode(1)
            }
            Output.line("audit verify: intact")
        }
    }

    static var logger: Logger {
        var logger = Logger(label: "cardplane")
        logger.logLevel = .warning
        return logger
    }
}
