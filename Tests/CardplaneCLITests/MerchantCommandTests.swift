import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import Testing

/// The operator's commands against a real database, through the built executable.
@Suite struct MerchantCommandTests {
    static func environment(_ database: TestDatabase, keyFile: String) -> [String: String] {
        ["CARDPLANE_DATABASE_URL": database.url.connectionString, "CARDPLANE_MASTER_KEY_FILE": keyFile]
    }

    /// A new master key file (`vault init`'s work), or only its path when `created` is false.
    static func temporaryKeyFile(created: Bool = true) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cardplane-key-\(UUID().uuidString)")
            .path
        if created { _ = try? KeyRing.create(file: path) }
        return path
    }

    @Test(arguments: StoreKind.available)
    func onboardingAndKeyManagement(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = Self.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = Self.environment(database, keyFile: keyFile)
            let created = try await CardplaneProcess.json(
                [
                    "merchant", "create", "--name", "Acme", "--mode", "authorization", "--ip", "10.0.0.0/8", "--ip",
                    "::1", "--json",
                ],
                environment: env
            )
            let merchantNo = try #require(created["merchant_no"] as? String)
            let apiKey = try #require(created["api_key"] as? String)
            #expect((created["api_secret"] as? String)?.count == 32)
            #expect(created["mode"] as? String == "authorization")
            let list = try await CardplaneProcess.succeed(["merchant", "list"], environment: env)
            #expect(list.contains(merchantNo) && list.contains("10.0.0.0/8") && list.contains("::1/128"))

            let second = try await CardplaneProcess.json(
                ["merchant", "key", "create", "--merchant", merchantNo, "--expires", "2099-01-01", "--json"],
                environment: env
            )
            let secondID = try #require(second["api_key_id"] as? String)
            let keys = try await CardplaneProcess.succeed(
                ["merchant", "key", "list", "--merchant", merchantNo],
                environment: env
            )
            #expect(keys.contains(secondID) && keys.contains("2099-01-01"))
            #expect(!keys.contains(apiKey), "key list must never print a key")
            _ = try await CardplaneProcess.succeed(
                ["merchant", "key", "revoke", "--merchant", merchantNo, "--key", secondID],
                environment: env
            )
            #expect(
                try await CardplaneProcess.succeed(
                    ["merchant", "key", "list", "--merchant", merchantNo],
                    environment: env
                )
                .contains("revoked")
            )

            _ = try await CardplaneProcess.succeed(
                ["merchant", "ip", "add", "--merchant", merchantNo, "--ip", "192.0.2.1"],
                environment: env
            )
            _ = try await CardplaneProcess.succeed(
                ["merchant", "ip", "remove", "--merchant", merchantNo, "--ip", "10.0.0.0/8"],
                environment: env
            )
            let after = try await CardplaneProcess.succeed(["merchant", "list"], environment: env)
            #expect(after.contains("192.0.2.1/32") && !after.contains("10.0.0.0/8"))

            _ = try await CardplaneProcess.succeed(["merchant", "disable", "--merchant", merchantNo], environment: env)
            #expect(try await CardplaneProcess.succeed(["merchant", "list"], environment: env).contains("disabled"))
            _ = try await CardplaneProcess.succeed(["merchant", "enable", "--merchant", merchantNo], environment: env)
        }
    }

    @Test(arguments: StoreKind.available)
    func mistakesExitNonZeroWithAMessage(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = Self.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = Self.environment(database, keyFile: keyFile)
            let unknown = try await CardplaneProcess.run(["merchant", "disable", "--merchant", "M0"], environment: env)
            #expect(unknown.status != 0 && unknown.stderr.contains("no merchant with that number"))
            let badMode = try await CardplaneProcess.run(
                ["merchant", "create", "--name", "x", "--mode", "prepaid"],
                environment: env
            )
            #expect(badMode.status != 0)
            let badIP = try await CardplaneProcess.run(
                ["merchant", "create", "--name", "x", "--mode", "authorization", "--ip", "300.1.1.1"],
                environment: env
            )
            #expect(badIP.status != 0 && badIP.stderr.contains("not an IP address"))
            let pastExpiry = try await CardplaneProcess.run(
                ["merchant", "create", "--name", "x", "--mode", "authorization", "--key-expires", "2000-01-01"],
                environment: env
            )
            #expect(pastExpiry.status != 0 && pastExpiry.stderr.contains("expiry must be in the future"))
            let badPort = try await CardplaneProcess.run(
                ["serve"],
                environment: env.merging(["CARDPLANE_PORT": "eighty"]) { $1 }
            )
            #expect(badPort.status != 0 && badPort.stderr.contains("CARDPLANE_PORT"))
            let badURL = try await CardplaneProcess.run(["migrate", "--database", "mysql://x"])
            #expect(badURL.status != 0 && badURL.stderr.contains("--database"))
        }
    }
}
