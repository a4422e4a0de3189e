import CardplaneStore
import CardplaneTesting
import Foundation
import Testing

/// `cardplane serve` as operators run it: a real process, its own database and key file.
@Suite(.serialized) struct ServeTests {
    static func timestamp() -> String { String(Int64(Date().timeIntervalSince1970 * 1_000)) }

    /// The README's first command: a fresh SQLite database gets a demo merchant whose printed
    /// credentials work at once, and a restart does not create another.
    @Test func freshSQLiteServerPrintsAWorkingDemoMerchant() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let arguments = ["--database", database.url.connectionString, "--master-key-file", keyFile]
            let server = try ServeProcess(arguments: arguments)
            try await server.waitUntilHealthy()
            let output = server.stop()
            #expect(output.status == 0, "graceful shutdown exits 0")
            let apiKey = try #require(
                output.stdout.split(separator: "\n").first { $0.contains("Api-Key:") }?
                    .split(separator: " ").last.map(String.init)
            )
            #expect(output.stdout.contains("merchant_no: M"))
            #expect(output.stderr.contains("generated a new master key file"))
            #expect(!output.stderr.contains(apiKey), "the key is printed once on stdout, never logged")

            let again = try ServeProcess(arguments: arguments)
            try await again.waitUntilHealthy()
            let code = try await HTTP.code(
                port: again.port,
                path: "/open-api/v1/merchant/token",
                headers: ["Api-Key": apiKey, "Timestamp": Self.timestamp()]
            )
            let second = again.stop()
            #expect(code == 0)
            #expect(!second.stdout.contains("Demo merchant created"))
            #expect(second.stderr.contains(#""route":"/open-api/v1/merchant/token""#))
            #expect(!second.stderr.contains(apiKey))
        }
    }

    /// Two servers on one PostgreSQL draw from one token bucket per Api-Key and both see a revoked key.
    @Test(.enabled(if: StoreKind.available.contains(.postgres)))
    func twoServersShareTheRateLimitAndSeeRevocation() async throws {
        try await TestDatabase.with(.postgres) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            _ = try CardplaneProcess.succeed(["migrate"], environment: env)
            let created = try CardplaneProcess.json(
                [
                    "merchant", "create", "--name", "Shared", "--mode", "credit_extension", "--ip", "127.0.0.1",
                    "--json",
                ],
                environment: env
            )
            let apiKey = try #require(created["api_key"] as? String)
            let flags = ["--rate-limit", "1", "--rate-burst", "10", "--no-demo"]
            let first = try ServeProcess(arguments: flags, environment: env)
            let second = try ServeProcess(arguments: flags, environment: env)
            defer {
                first.stop()
                second.stop()
            }
            try await first.waitUntilHealthy()
            try await second.waitUntilHealthy()

            let started = Date()
            var granted = 0
            for index in 0..<30 {
                let port = index.isMultiple(of: 2) ? first.port : second.port
                let code = try await HTTP.code(
                    port: port,
                    path: "/open-api/v1/merchant/token",
                    headers: ["Api-Key": apiKey, "Timestamp": Self.timestamp()]
                )
                #expect(code == 0 || code == 1009)
                if code == 0 { granted += 1 }
            }
            let refill = Int(Date().timeIntervalSince(started).rounded(.up))
            // Separate buckets would grant 20; one shared bucket grants the burst plus what flowed in.
            #expect(granted >= 10 && granted <= 10 + refill, "granted \(granted) with \(refill) s of refill")

            let keyID = try #require(created["api_key_id"] as? String)
            let merchantNo = try #require(created["merchant_no"] as? String)
            _ = try CardplaneProcess.succeed(
                ["merchant", "key", "revoke", "--merchant", merchantNo, "--key", keyID],
                environment: env
            )
            for port in [first.port, second.port] {
                let code = try await HTTP.code(
                    port: port,
                    path: "/open-api/v1/merchant/token",
                    headers: ["Api-Key": apiKey, "Timestamp": Self.timestamp()]
                )
                #expect(code == 1010, "server on port \(port)")
            }
        }
    }
}
