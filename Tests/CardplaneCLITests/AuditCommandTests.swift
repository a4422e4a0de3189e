import CardplaneStore
import CardplaneTesting
import Foundation
import SQLKit
import Testing

/// `cardplane` commands that change something land in the audit log with the operator, the command
/// path and the outcome; `audit list` filters them and `audit verify` finds an edited row.
@Suite struct AuditCommandTests {
    @Test(arguments: StoreKind.available)
    func operatorActionsAreAuditedListedAndVerified(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let created = try await CardplaneProcess.json(
                [
                    "merchant", "create", "--name", "Audited", "--mode", "credit_extension", "--ip", "127.0.0.1",
                    "--json",
                ],
                environment: env
            )
            let merchantNo = try #require(created["merchant_no"] as? String)
            let apiKey = try #require(created["api_key"] as? String)
            _ = try await CardplaneProcess.succeed(["merchant", "disable", "--merchant", merchantNo], environment: env)
            let missing = try await CardplaneProcess.run(
                ["merchant", "enable", "--merchant", "M000"],
                environment: env
            )
            #expect(missing.status != 0)
            _ = try await CardplaneProcess.succeed(["merchant", "list"], environment: env)

            let listed = try await CardplaneProcess.succeed(["audit", "list", "--actor", "operator"], environment: env)
            let rows = listed.split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
            #expect(rows.map { $0[5] } == ["merchant enable", "merchant disable", "merchant create"], "\(listed)")
            #expect(rows.map { $0[6] } == ["merchant:M000", "merchant:\(merchantNo)", "-"])
            #expect(rows[0][7].hasPrefix("failed") && rows[1][7] == "ok" && rows[2][7] == "ok")
            let user = ProcessInfo.processInfo.userName
            #expect(rows.allSatisfy { $0[3] == "\(user)@\(ProcessInfo.processInfo.hostName)" })
            #expect(!listed.contains(apiKey), "no credential in the audit log")
            let filtered = try await CardplaneProcess.succeed(
                ["audit", "list", "--action", "merchant dis"],
                environment: env
            )
            #expect(filtered.split(separator: "\n").count == 2)

            let intact = try await CardplaneProcess.run(["audit", "verify"], environment: env)
            #expect(intact.status == 0 && intact.stdout.contains("audit verify: intact"), "\(intact.stdout)")
            try await Store.withStore(database.url, logger: TestLogging.logger) { store in
                try await store.withConnection { database in
                    try await database.raw("UPDATE audit_event SET actor = 'someone@else' WHERE sequence = 2").run()
                }
            }
            let edited = try await CardplaneProcess.run(["audit", "verify"], environment: env)
            #expect(edited.status == 1)
            #expect(edited.stdout.contains("PROBLEM: record 2 was changed after it was written"), "\(edited.stdout)")
        }
    }
}
