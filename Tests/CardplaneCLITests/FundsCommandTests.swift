import CardplaneStore
import CardplaneTesting
import Foundation
import SQLKit
import Testing

/// `merchant deposit`, `merchant balance` and `ledger verify` through the built executable.
@Suite struct FundsCommandTests {
    @Test(arguments: StoreKind.available)
    func depositsCreditOnceAndRefuseWhatIsNotTaken(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let created = try CardplaneProcess.json(
                ["merchant", "create", "--name", "Funded", "--mode", "credit_extension", "--json"],
                environment: env
            )
            let merchantNo = try #require(created["merchant_no"] as? String)
            let deposit = [
                "merchant", "deposit", "--merchant", merchantNo, "--amount", "250.00", "--currency", "USDT",
                "--chain", "TRON", "--tx-hash", "0xabc",
            ]
            #expect(try CardplaneProcess.succeed(deposit, environment: env).contains("Credited 250.00 USDT on TRON"))
            #expect(try CardplaneProcess.succeed(deposit, environment: env).contains("Already credited"))
            // Hexadecimal hashes are one transaction whatever their case.
            for variant in ["0xABC", "abc", " 0XAbc "] {
                let again = Array(deposit.dropLast()) + [variant]
                #expect(
                    try CardplaneProcess.succeed(again, environment: env).contains("Already credited"),
                    "\(variant)"
                )
            }
            let unknown = try CardplaneProcess.run(["merchant", "balance", "--merchant", "M0"], environment: env)
            #expect(unknown.status != 0 && unknown.stderr.contains("no open merchant"))
            let balance = try CardplaneProcess.succeed(
                ["merchant", "balance", "--merchant", merchantNo],
                environment: env
            )
            #expect(balance.contains("balance:     250.00 TUSDT"))

            let dai = try CardplaneProcess.run(
                [
                    "merchant", "deposit", "--merchant", merchantNo, "--amount", "1", "--currency", "DAI", "--chain",
                    "ETH", "--tx-hash", "x",
                ],
                environment: env
            )
            #expect(dai.status != 0 && dai.stderr.contains("3001 Currency not supported by merchant"))
            let wrongChain = try CardplaneProcess.run(
                [
                    "merchant", "deposit", "--merchant", merchantNo, "--amount", "1", "--currency", "USDC", "--chain",
                    "TRON", "--tx-hash", "x",
                ],
                environment: env
            )
            #expect(wrongChain.status != 0 && wrongChain.stderr.contains("3003 Currency chain mismatch"))
            let precision = try CardplaneProcess.run(
                [
                    "merchant", "deposit", "--merchant", merchantNo, "--amount", "1.001", "--currency", "USDT",
                    "--chain", "TRON", "--tx-hash", "y",
                ],
                environment: env
            )
            #expect(precision.status != 0 && precision.stderr.contains("3005"))
            let conflicting = try CardplaneProcess.run(
                [
                    "merchant", "deposit", "--merchant", merchantNo, "--amount", "999.00", "--currency", "USDT",
                    "--chain", "TRON", "--tx-hash", "0xabc",
                ],
                environment: env
            )
            #expect(conflicting.status != 0 && conflicting.stderr.contains("already credited with other data"))

            let verify = try CardplaneProcess.run(["ledger", "verify"], environment: env)
            #expect(verify.status == 0 && verify.stdout.contains("ledger verify: clean"))
            #expect(verify.stdout.contains("entries: 1"))
        }
    }

    @Test func verifyExitsNonZeroOnDrift() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let created = try CardplaneProcess.json(
                ["merchant", "create", "--name", "Drift", "--mode", "credit_extension", "--json"],
                environment: env
            )
            let merchantNo = try #require(created["merchant_no"] as? String)
            _ = try CardplaneProcess.succeed(
                [
                    "merchant", "deposit", "--merchant", merchantNo, "--amount", "5", "--currency", "USDT", "--chain",
                    "ETH", "--tx-hash", "h",
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
            let verify = try CardplaneProcess.run(["ledger", "verify"], environment: env)
            #expect(verify.status == 1)
            #expect(verify.stdout.contains("PROBLEM: balance drift on merchant:\(merchantNo):TUSDT"))
        }
    }
}
