import CardplaneStore
import CardplaneTesting
import Foundation
import Testing

/// `cardplane catalog …` and `merchant pci …` through the built executable.
@Suite struct CatalogCommandTests {
    static func value(after label: String, in text: String) throws -> String {
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(label) })
        return String(line.dropFirst(label.count)).trimmingCharacters(in: .whitespaces)
    }

    /// A fee schedule file in the API's field names, with an issuance fee of 2.50.
    static func writeFeesFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fees-\(UUID()).json").path
        let fees = """
            {"consume_rate":"1","open_cost":"2.50","cross_consume_rate":"1","small_consume_threshold":"1.00",
             "small_consume_deduct":"0.10","free_small_consume_count":3,"free_small_excuse_type":"Day",
             "free_small_excuse_days":30,"refund_rate":"0","consume_cancle_fee":"0.50",
             "consume_cancel_threshold":"10.00","decline_fee":"0.50","decline_fee_free_count":3,
             "decline_fee_free_type":"Forever","decline_fee_free_days":0,"atm_rate":"2","atm_min_fee":"3.00",
             "apple_pay_fee":"0.50","manage_fee_type":"Month","manage_fee":"1.00",
             "management_fee_free_type":"None","free_management_fee_threshold":"0.00"}
            """
        try fees.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: StoreKind.available)
    func operatorsBuildTheCatalogAndAssignIt(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            func run(_ arguments: [String]) async throws -> String {
                try await CardplaneProcess.succeed(arguments, environment: env)
            }
            let binNo = try Self.value(
                after: "card_bin_no:",
                in: try await run([
                    "catalog", "bin", "add", "--bin", "52223344", "--organization", "Mastercard", "--virtual",
                    "--physical", "--countries", "US,GB", "--limit-balance", "2500.00",
                ])
            )
            #expect(binNo.hasPrefix("B"))
            let feesFile = try Self.writeFeesFile()
            defer { try? FileManager.default.removeItem(atPath: feesFile) }
            let packageNo = try Self.value(
                after: "package_no:",
                in: try await run([
                    "catalog", "package", "add", "--bin", binNo, "--type", "Physical", "--name-en", "Metal",
                    "--name-cn", "金属卡", "--tag-en", "ATM", "--fees-file", feesFile, "--activation-in-app",
                ])
            )
            let packages = try await run(["catalog", "package", "list"])
            #expect(packages.contains(packageNo) && packages.contains("2.50") && packages.contains("merchant_app"))
            let bins = try await run(["catalog", "bin", "list"])
            #expect(bins.contains("52223344") && bins.contains("US,GB") && bins.contains("Virtual,Physical"))

            let credit = try await CardplaneProcess.json(
                ["merchant", "create", "--name", "Credit", "--mode", "credit_extension", "--json"],
                environment: env
            )
            let creditNo = try #require(credit["merchant_no"] as? String)
            let assigned = try await run([
                "catalog", "assign", "--merchant", creditNo, "--package", packageNo, "--issuance-limit", "50",
            ])
            #expect(assigned.contains("limit 50 cards, 0 issued"))
            #expect(
                try await run(["catalog", "assignments", "--merchant", creditNo]).contains(
                    "\(packageNo)\tpackage\t0\t50"
                )
            )
            let wrongMode = try await CardplaneProcess.run(
                ["catalog", "assign", "--merchant", creditNo, "--bin", binNo, "--issuance-limit", "5"],
                environment: env
            )
            #expect(wrongMode.status != 0 && wrongMode.stderr.contains("packages go to credit-extension merchants"))

            _ = try await run(["catalog", "package", "disable", "--package", packageNo])
            #expect(try await run(["catalog", "package", "list"]).contains("disabled"))
            _ = try await run(["catalog", "bin", "disable", "--bin", binNo])
            _ = try await run(["catalog", "bin", "enable", "--bin", binNo])
        }
    }

    @Test(arguments: StoreKind.available)
    func mistakesExitNonZeroAndPCIAndVaultCommandsRun(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            func run(_ arguments: [String]) async throws -> String {
                try await CardplaneProcess.succeed(arguments, environment: env)
            }
            _ = try await run(["catalog", "bin", "add", "--bin", "52223344", "--organization", "Visa", "--virtual"])
            let merchant = try await CardplaneProcess.json(
                ["merchant", "create", "--name", "PCI", "--mode", "credit_extension", "--json"],
                environment: env
            )
            let merchantNo = try #require(merchant["merchant_no"] as? String)
            let missing = try await CardplaneProcess.run(
                ["catalog", "bin", "disable", "--bin", "B0"],
                environment: env
            )
            #expect(missing.status != 0 && missing.stderr.contains("no BIN with that number"))
            let taken = try await CardplaneProcess.run(
                ["catalog", "bin", "add", "--bin", "52223344", "--organization", "Visa", "--virtual"],
                environment: env
            )
            #expect(taken.status != 0 && taken.stderr.contains("a BIN with those digits exists"))

            let badCurrency = try await CardplaneProcess.run(
                [
                    "catalog", "bin", "add", "--bin", "533333", "--organization", "Visa", "--virtual", "--currencies",
                    "US",
                ],
                environment: env
            )
            #expect(badCurrency.status != 0 && badCurrency.stderr.contains("ISO 4217"))
            #expect(try await run(["vault", "rotate-data-key"]).contains("New data key data-"))

            #expect(try await run(["merchant", "pci", "show", "--merchant", merchantNo]).contains("pci_display: off"))
            _ = try await run(["merchant", "pci", "set", "--merchant", merchantNo, "--display", "on"])
            #expect(try await run(["merchant", "pci", "show", "--merchant", merchantNo]).contains("pci_display: on"))
            let configured = try await run([
                "merchant", "pci", "set", "--merchant", merchantNo, "--origin", "https://Wallet.example",
                "--origin", "http://127.0.0.1:9101", "--host", "cards.example:8443", "--background", "#102030",
                "--font", "Inter",
            ])
            #expect(configured.contains("allowed_origins: http://127.0.0.1:9101 https://wallet.example"))
            #expect(configured.contains("hosted_hosts: cards.example:8443") && configured.contains("#102030"))
            let badOrigin = try await CardplaneProcess.run(
                ["merchant", "pci", "set", "--merchant", merchantNo, "--origin", "wallet.example"],
                environment: env
            )
            #expect(badOrigin.status != 0 && badOrigin.stderr.contains("is not an http(s) origin"))
        }
    }
}
