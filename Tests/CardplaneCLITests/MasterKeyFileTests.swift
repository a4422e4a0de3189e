import CardplaneStore
import CardplaneTesting
import Foundation
import Testing

/// Only `vault init` and a first `serve` on a new embedded database create a master key file;
/// every other command, and `serve` on a database that may hold sealed secrets, refuses a missing
/// one rather than sealing with a key the server does not have.
@Suite struct MasterKeyFileTests {
    @Test(arguments: StoreKind.available)
    func onlyVaultInitAndAFirstEmbeddedServeCreateTheKey(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile(created: false)
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            _ = try await CardplaneProcess.succeed(["migrate"], environment: env)
            let create = ["merchant", "create", "--name", "Keyless", "--mode", "credit_extension"]
            let refused = try await CardplaneProcess.run(create, environment: env)
            #expect(refused.status != 0 && refused.stderr.contains("no master key file at \(keyFile)"))
            #expect(!FileManager.default.fileExists(atPath: keyFile), "a command never creates the key")
            // The database exists (migrated), so `serve` refuses too, on either engine.
            let server = try await CardplaneProcess.run(["serve", "--port", "0"], environment: env)
            #expect(server.status != 0 && server.stderr.contains("no master key file"), "\(server.stderr)")

            let initialised = try await CardplaneProcess.succeed(["vault", "init"], environment: env)
            #expect(initialised.contains("Created the master key file \(keyFile)"))
            let again = try await CardplaneProcess.run(["vault", "init"], environment: env)
            #expect(again.status != 0 && again.stderr.contains("already exists"))
            _ = try await CardplaneProcess.succeed(create, environment: env)

            chmod(keyFile, 0o644)
            let open = try await CardplaneProcess.run(["merchant", "list"], environment: env)
            #expect(open.status != 0 && open.stderr.contains("run: chmod 600 \(keyFile)"), "\(open.stderr)")

            // Another installation's key file (same key id, another key) is refused by the database.
            try FileManager.default.removeItem(atPath: keyFile)
            _ = try await CardplaneProcess.succeed(["vault", "init"], environment: env)
            let wrong = try await CardplaneProcess.run(["merchant", "list"], environment: env)
            #expect(wrong.status != 0 && wrong.stderr.contains("is not the key that sealed"), "\(wrong.stderr)")
        }
    }
}
