import CardplaneCore
import CardplaneStore
import CardplaneTesting
import Foundation
import SQLKit
import Testing

/// `merchant deposit`, `merchant balance` and `ledger verify` through the built executable.
@Suite struct FundsCommandTests {
    /// `merchant deposit` of `amount` `currency` on `chain` with `hash`, as run.
    static func deposit(
        _ env: [String: String],
        _ merchantNo: String,
        _ amount: String,
        _ currency: String,
        _ chain: String,
        _ hash: String
    ) async throws -> CardplaneProcess.Output {
        try await CardplaneProcess.run(
            [
                "merchant", "deposit", "--merchant", merchantNo, "--amount", amount, "--currency", currency,
                "--chain", chain, "--tx-hash", hash,
            ],
            environment: env
        )
    }

    @Test(arguments: StoreKind.available)
    func depositsCreditOnceAndRefuseWhatIsNotTaken(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let created = try await CardplaneProcess.json(
                ["merchant", "create", "--name", "Funded", "--mode", "credit_extension", "--json"],
                environment: env
            )
            let merchantNo = try #require(created["merchant_no"] as? String)
            let hash = SampleHashes.hex64()
            let deposit = [
                "merchant", "deposit", "--merchant", merchantNo, "--amount", "250.00", "--currency", "USDT",
                "--chain", "TRON", "--tx-hash", hash,
            ]
            #expect(
                try await CardplaneProcess.succeed(deposit, environment: env).contains("Credited 250.00 USDT on TRON")
            )
            #expect(try await CardplaneProcess.succeed(deposit, environment: env).contains("Already credited"))
            // Hexadecimal hashes are one transaction whatever their case or surrounding spaces.
            for variant in [hash.uppercased(), " \(hash) "] {
                let again = try await CardplaneProcess.succeed(Array(deposit.dropLast()) + [variant], environment: env)
                #expect(again.contains("Already credited"), "\(variant)")
            }
            let unknown = try await CardplaneProcess.run(["merchant", "balance", "--merchant", "M0"], environment: env)
            // A refusal, not a mistake in the arguments: exit 1, the error last, no usage (postgres-nio may warn first).
            let error = unknown.stderr.split(separator: "\n").last.map(String.init)
            #expect(unknown.status == 1 && error == "Error: no open merchant with that number")
            let balance = try await CardplaneProcess.succeed(
                ["merchant", "balance", "--merchant", merchantNo],
                environment: env
            )
            #expect(balance.contains("balance:     250.00 TUSDT"))

            let dai = try await Self.deposit(env, merchantNo, "1", "DAI", "ETH", "0x" + SampleHashes.hex64())
            #expect(dai.status != 0 && dai.stderr.contains("3001 Currency not supported by merchant"))
            let wrongChain = try await Self.deposit(env, merchantNo, "1", "USDC", "TRON", SampleHashes.hex64())
            #expect(wrongChain.status != 0 && wrongChain.stderr.contains("3003 Currency chain mismatch"))
            let precision = try await Self.deposit(env, merchantNo, "1.001", "USDT", "TRON", SampleHashes.hex64())
            #expect(precision.status != 0 && precision.stderr.contains("3005"))
            let conflicting = try await Self.deposit(env, merchantNo, "999.00", "USDT", "TRON", hash)
            #expect(conflicting.status != 0 && conflicting.stderr.contains("already credited with other data"))

            let textfile = NSTemporaryDirectory() + "ledger-\(UUID().uuidString).prom"
            defer { try? FileManager.default.removeItem(atPath: textfile) }
            let verify = try await CardplaneProcess.run(["ledger", "verify", "--textfile", textfile], environment: env)
            #expect(verify.status == 0 && verify.stdout.contains("ledger verify: clean"))
            #expect(verify.stdout.contains("entries: 1"))
            let samples = PrometheusSamples(try String(contentsOfFile: textfile, encoding: .utf8))
            #expect(samples.value("cardplane_ledger_verify_problems") == 0)
            let finished = samples.value("cardplane_ledger_verify_last_run_timestamp_seconds") ?? 0
            #expect(abs(finished - Date().timeIntervalSince1970) < 600)
        }
    }

    /// Each chain's hashes have one form; a shortened hash, as a careless README once showed, is refused
    /// before anything is written, with the form the chain expects.
    @Test func depositsRefuseAHashNotOfItsChainsForm() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let created = try await CardplaneProcess.json(
                ["merchant", "create", "--name", "Hashes", "--mode", "credit_extension", "--json"],
                environment: env
            )
            let merchantNo = try #require(created["merchant_no"] as? String)
            let refusals = [
                ("TRON", "0xabc…", "TRON transaction hashes are 64 hexadecimal digits"),
                ("TRON", "0x" + SampleHashes.hex64(), "TRON transaction hashes are 64 hexadecimal digits"),
                ("ETH", SampleHashes.hex64(), "ETH transaction hashes are 0x followed by 64 hexadecimal digits"),
                ("SOL", "0x" + SampleHashes.hex64(), "SOL transaction signatures are base58"),
            ]
            for (chain, hash, form) in refusals {
                let refused = try await CardplaneProcess.run(
                    [
                        "merchant", "deposit", "--merchant", merchantNo, "--amount", "10.00", "--currency",
                        chain == "SOL" ? "USDC" : "USDT", "--chain", chain, "--tx-hash", hash,
                    ],
                    environment: env
                )
                #expect(refused.status == 1, "\(chain) \(hash)")
                #expect(refused.stderr.hasPrefix("Error: invalid transaction hash: \(form)"), "\(refused.stderr)")
                #expect(!refused.stderr.lowercased().contains("usage"), "a refusal prints no usage text")
            }
            let balance = try await CardplaneProcess.succeed(
                ["merchant", "balance", "--merchant", merchantNo],
                environment: env
            )
            #expect(balance.contains("balance:     0.00 TUSDT"), "nothing was credited")
            // A mistake in the arguments still shows the usage, with the parser's exit code.
            let missing = try await CardplaneProcess.run(
                ["merchant", "deposit", "--merchant", merchantNo],
                environment: env
            )
            #expect(missing.status == 64 && missing.stderr.lowercased().contains("usage:"))
        }
    }

    @Test func versionIsPrinted() async throws {
        let version = try await CardplaneProcess.succeed(["--version"])
        #expect(version == "cardplane \(CardplaneVersion.current)\n")
    }

    @Test func verifyExitsNonZeroOnDrift() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let created = try await CardplaneProcess.json(
                ["merchant", "create", "--name", "Drift", "--mode", "credit_extension", "--json"],
                environment: env
            )
            let merchantNo = try #require(created["merchant_no"] as? String)
            _ = try await CardplaneProcess.succeed(
                [
                    "merchant", "deposit", "--merchant", merchantNo, "--amount", "5", "--currency", "USDT", "--chain",
                    "ETH", "--tx-hash", "0x" + SampleHashes.hex64(),
                ],
                environment: env
            )
            try await Store.withStore(database.url, logger: TestLogging.logger) { store in
                try await store.withConnection { database in
                    try await database.raw(
                        "UPDATE ledger_account SET balance_minor = balance_minor + 7 WHERE owner_type = 'merchant'"
                    ).run()
                }
            }
            let textfile = NSTemporaryDirectory() + "ledger-\(UUID().uuidString).prom"
            defer { try? FileManager.default.removeItem(atPath: textfile) }
            let verify = try await CardplaneProcess.run(["ledger", "verify", "--textfile", textfile], environment: env)
            #expect(verify.status == 1)
            #expect(verify.stdout.contains("PROBLEM: balance drift on merchant:\(merchantNo):TUSDT"))
            let samples = PrometheusSamples(try String(contentsOfFile: textfile, encoding: .utf8))
            #expect((samples.value("cardplane_ledger_verify_problems") ?? 0) >= 1, "the alert sees the drift")
        }
    }
}
