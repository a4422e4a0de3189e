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
            let keyFile = MerchantCommandTests.temporaryKeyFile(created: false)
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
            // Every log line is one JSON object with its time, level and message; the last says it stopped.
            let lines = second.stderr.split(separator: "\n")
            for line in lines {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
                #expect(object?["time"]?.hasSuffix("Z") == true && object?["level"] != nil, "\(line)")
            }
            #expect(lines.last?.contains(#""message":"stopped""#) == true)
            #expect(!second.stderr.contains(apiKey))
        }
    }

    /// Demo data only where an operator expects it: on the embedded SQLite database by default, on
    /// PostgreSQL only with `--demo`, and never with `--no-demo` (no merchant, no BIN).
    @Test(arguments: StoreKind.available)
    func demoDataOnlyOnSQLiteOrWhenAsked(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let bins = { @Sendable () async throws -> String in
                try await CardplaneProcess.succeed(["catalog", "bin", "list"], environment: env)
            }
            let merchants = { @Sendable () async throws -> String in
                try await CardplaneProcess.succeed(["merchant", "list"], environment: env)
            }
            let empty = (try await bins(), try await merchants())
            let refused = try ServeProcess(arguments: ["--no-demo"], environment: env)
            try await refused.waitUntilHealthy()
            #expect(!refused.stop().stdout.contains("Demo merchant created"))
            let afterRefused = (try await bins(), try await merchants())
            #expect(afterRefused.0 == empty.0 && afterRefused.1 == empty.1, "--no-demo creates no merchant and no BIN")
            let byDefault = try ServeProcess(arguments: [], environment: env)
            try await byDefault.waitUntilHealthy()
            let created = byDefault.stop().stdout.contains("Demo merchant created")
            #expect(created == (kind == .sqlite), "demo data by default on SQLite only")
            if kind == .postgres {
                let afterDefault = (try await bins(), try await merchants())
                #expect(afterDefault.0 == empty.0 && afterDefault.1 == empty.1)
                let asked = try ServeProcess(arguments: ["--demo"], environment: env)
                try await asked.waitUntilHealthy()
                #expect(asked.stop().stdout.contains("Demo merchant created"), "--demo creates it on PostgreSQL")
            }
            #expect(try await merchants() != empty.1)
        }
    }

    /// A merchant with one key allowed from loopback, on `database`, through the CLI.
    static func merchant(_ env: [String: String]) async throws -> (apiKey: String, keyID: String, merchantNo: String) {
        _ = try await CardplaneProcess.succeed(["migrate"], environment: env)
        let created = try await CardplaneProcess.json(
            ["merchant", "create", "--name", "Shared", "--mode", "credit_extension", "--ip", "127.0.0.1", "--json"],
            environment: env
        )
        return (
            try #require(created["api_key"] as? String), try #require(created["api_key_id"] as? String),
            try #require(created["merchant_no"] as? String)
        )
    }

    /// Get Token's code on each server.
    static func codes(_ servers: [ServeProcess], apiKey: String) async throws -> [Int] {
        var codes: [Int] = []
        for server in servers {
            codes.append(
                try await HTTP.code(
                    port: server.port,
                    path: "/open-api/v1/merchant/token",
                    headers: ["Api-Key": apiKey, "Timestamp": Self.timestamp()]
                )
            )
        }
        return codes
    }

    /// Two servers that have each served (and cached) a key refuse it on the very next request after
    /// the CLI changes the allowlist, disables the merchant or revokes the key, on both engines.
    @Test(arguments: StoreKind.available)
    func twoServersSeeEveryCredentialChangeAtOnce(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let (apiKey, keyID, merchantNo) = try await Self.merchant(env)
            let flags = ["--rate-limit", "10000", "--rate-burst", "10000", "--no-demo"]
            let servers = [
                try ServeProcess(arguments: flags, environment: env),
                try ServeProcess(arguments: flags, environment: env),
            ]
            defer { for server in servers { server.stop() } }
            for server in servers { try await server.waitUntilHealthy() }
            let steps: [([String], Int)] = [
                (["merchant", "ip", "remove", "--merchant", merchantNo, "--ip", "127.0.0.1"], 1003),
                (["merchant", "ip", "add", "--merchant", merchantNo, "--ip", "127.0.0.0/8"], 0),
                (["merchant", "disable", "--merchant", merchantNo], 1022),
                (["merchant", "enable", "--merchant", merchantNo], 0),
                (["merchant", "key", "revoke", "--merchant", merchantNo, "--key", keyID], 1010),
            ]
            let served = try await Self.codes(servers, apiKey: apiKey)
            #expect(served == [0, 0], "both serve the key, and cache it")
            var held = served == [0, 0]
            for (command, code) in steps {
                _ = try await CardplaneProcess.succeed(command, environment: env)
                let answered = try await Self.codes(servers, apiKey: apiKey)
                #expect(answered == [code, code], "after \(command[1...2])")
                held = held && answered == [code, code]
            }
            if !held {
                for server in servers { Issue.record("server on \(server.port) logged:\n\(server.stop().stderr)") }
            }
        }
    }

    /// One server alone grants exactly the burst, then 1009; two servers on one database share one
    /// bucket per Api-Key, leasing tokens from it, and together stay within ADR 0011's bound.
    @Test(arguments: StoreKind.available)
    func serversShareTheRateLimitWithinItsBound(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let exact = try await Self.merchant(env).apiKey
            let leased = try await Self.merchant(env).apiKey
            // 1/s keeps the bucket exact; 100/s leases ten tokens at a time.
            let flags = [["--rate-limit", "1", "--rate-burst", "10"], ["--rate-limit", "100", "--rate-burst", "50"]]
            let alone = try ServeProcess(arguments: flags[0] + ["--no-demo"], environment: env)
            try await alone.waitUntilHealthy()
            let first = Date()
            var codes: [Int] = []
            while codes.last != 1009 && codes.count < 40 { codes += try await Self.codes([alone], apiKey: exact) }
            let refilled = Int(Date().timeIntervalSince(first))
            alone.stop()
            // The burst, then 1009; a slow machine may see a token flow in (1/s) before that.
            #expect(codes.last == 1009 && codes.dropLast().allSatisfy { $0 == 0 }, "\(codes)")
            #expect((10...10 + refilled).contains(codes.count - 1), "granted \(codes.count - 1) in \(refilled) s")

            let servers = [
                try ServeProcess(arguments: flags[1] + ["--no-demo"], environment: env),
                try ServeProcess(arguments: flags[1] + ["--no-demo"], environment: env),
            ]
            defer { for server in servers { server.stop() } }
            for server in servers { try await server.waitUntilHealthy() }
            let started = Date()
            var granted = 0
            for _ in 0..<100 { granted += try await Self.codes(servers, apiKey: leased).filter { $0 == 0 }.count }
            let elapsed = Date().timeIntervalSince(started)
            // Every token came from the shared bucket at most 100 ms before it was spent.
            let bound = 50 + Int((100 * (elapsed + 0.1)).rounded(.up))
            #expect(granted <= bound, "granted \(granted) in \(elapsed) s; bound \(bound)")
            #expect(granted >= 50 - 2 * 10, "at most one lease per server may be stranded; granted \(granted)")
        }
    }
}
