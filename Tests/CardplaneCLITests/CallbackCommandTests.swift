import CardplaneStore
import CardplaneTesting
import Foundation
import Testing

/// `merchant callback set|show` and `callback list|replay` through the built executable.
@Suite struct CallbackCommandTests {
    @Test(arguments: StoreKind.available)
    func operatorsSetTheURLAndReadTheLog(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let created = try await CardplaneProcess.json(
                ["merchant", "create", "--name", "Hooks", "--mode", "credit_extension", "--json"],
                environment: env
            )
            let merchantNo = try #require(created["merchant_no"] as? String)
            let show = ["merchant", "callback", "show", "--merchant", merchantNo]
            #expect(try await CardplaneProcess.succeed(show, environment: env).contains("(not set)"))
            let invalid = try await CardplaneProcess.run(
                ["merchant", "callback", "set", "--merchant", merchantNo, "--url", "mailto:ops@example.com"],
                environment: env
            )
            #expect(invalid.status != 0 && invalid.stderr.contains("absolute https URL"))
            let plain = ["merchant", "callback", "set", "--merchant", merchantNo, "--url", "http://merchant.example/h"]
            let refused = try await CardplaneProcess.run(plain, environment: env)
            #expect(refused.status != 0 && refused.stderr.contains("https:// URLs only"), "\(refused.stderr)")
            _ = try await CardplaneProcess.succeed(plain + ["--sandbox"], environment: env)
            let shown = try await CardplaneProcess.succeed(show, environment: env)
            #expect(shown.contains("http://merchant.example/h (http: refused by every server not run with --sandbox"))
            _ = try await CardplaneProcess.succeed(
                ["merchant", "callback", "set", "--merchant", merchantNo, "--url", "https://merchant.example/hooks"],
                environment: env
            )
            #expect(
                try await CardplaneProcess.succeed(show, environment: env).contains("https://merchant.example/hooks")
            )
            let log = try await CardplaneProcess.succeed(
                ["callback", "list", "--merchant", merchantNo],
                environment: env
            )
            #expect(log.hasPrefix("ID\tMERCHANT_NO"))
            let missing = try await CardplaneProcess.run(
                ["callback", "replay", "--id", "evt_unknown"],
                environment: env
            )
            #expect(missing.status != 0 && missing.stderr.contains("no callback with that id"))
            let badStatus = try await CardplaneProcess.run(["callback", "list", "--status", "lost"], environment: env)
            #expect(badStatus.status != 0)
            let deadList = try await CardplaneProcess.succeed(["callback", "list", "--dead"], environment: env)
            #expect(deadList.split(separator: "\n").count == 1, "the header only: nothing is dead")
            let disagree = try await CardplaneProcess.run(
                ["callback", "list", "--dead", "--status", "pending"],
                environment: env
            )
            #expect(disagree.status != 0 && disagree.stderr.contains("disagree"))
        }
    }
}
