import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import SQLKit
import Testing

/// `vault rotate-master-key` beside a running server: every sealed secret moves to the new key
/// while cardholders keep arriving, the server seals with the new key without a restart, and after
/// the old keys leave the file the server restarts on the new key alone with every secret intact.
@Suite(.serialized) struct MasterKeyRotationTests {
    @Test(arguments: StoreKind.available)
    func rotationWhileServingMovesEverySecretToTheNewKey(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            let oldKeyFile = keyFile + ".old"
            defer { for path in [keyFile, oldKeyFile] { try? FileManager.default.removeItem(atPath: path) } }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let merchant = try await ServedMerchant.create(env)
            let arguments = ["--no-demo", "--kyc-decision-delay-ms", "0", "--card-production-delay-ms", "0"]
            let server = try ServeProcess(arguments: arguments, environment: env)
            try await server.waitUntilHealthy()
            let client = try await MerchantClient(port: server.port, apiKey: merchant.apiKey)
            let cardNo = try await ServedMerchant.virtualCard(client, packageNo: merchant.packageNo).cardNo
            let cardBefore = try await Self.privateInfo(client, cardNo: cardNo, apiSecret: merchant.apiSecret)
            try FileManager.default.copyItem(atPath: keyFile, toPath: oldKeyFile)

            let arrivals = Task {
                for index in 1...8 { _ = try await client.approvedCardholder(uniqueNo: "ARRIVING_\(index)") }
            }
            let rotated = try await CardplaneProcess.succeed(["vault", "rotate-master-key"], environment: env)
            try await arrivals.value
            #expect(rotated.contains("Master key k2 added to \(keyFile)"), "\(rotated)")
            #expect(rotated.contains("API secrets 1,") && rotated.contains("card vault keys 2."), "\(rotated)")
            #expect(rotated.contains("open under k2 alone") && rotated.contains("The old keys k1 seal nothing now"))

            // The running server moved to k2 with the file: what it seals now, it seals with k2.
            let late = try await client.approvedCardholder(uniqueNo: "AFTER_ROTATION")
            let lateApplicant = try await Self.sealedApplicant(database, cardholderNo: late)
            #expect(SecretSealer.keyID(of: lateApplicant) == "k2")

            let again = try await CardplaneProcess.succeed(
                ["vault", "rotate-master-key", "--remove-old-keys"],
                environment: env
            )
            #expect(again.contains("Removed the old keys k1, k2 from the key file"), "\(again)")
            #expect(try KeyRing.load(file: keyFile).keyIDs == ["k3"])
            let keyIDs = try await Self.sealingKeyIDs(database)
            #expect(keyIDs == ["k3"], "every master-sealed value is sealed by k3: \(keyIDs)")

            server.stop()
            let restarted = try ServeProcess(arguments: arguments, environment: env)
            defer { restarted.stop() }
            try await restarted.waitUntilHealthy()
            let reconnected = try await MerchantClient(port: restarted.port, apiKey: merchant.apiKey)
            let cardAfter = try await Self.privateInfo(reconnected, cardNo: cardNo, apiSecret: merchant.apiSecret)
            #expect(cardAfter == cardBefore, "the card's data opens through the re-wrapped data key")

            let stale = try await CardplaneProcess.run(
                ["merchant", "list"],
                environment: MerchantCommandTests.environment(database, keyFile: oldKeyFile)
            )
            #expect(stale.status != 0 && stale.stderr.contains("sealed with master key k3"), "\(stale.stderr)")
        }
    }

    @Test(arguments: StoreKind.available)
    func aValueNoKeyOpensStopsTheRotationAndKeepsTheOldKeys(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let created = try await CardplaneProcess.json(
                ["merchant", "create", "--name", "Damaged", "--mode", "credit_extension", "--json"],
                environment: env
            )
            _ = try #require(created["merchant_no"] as? String)
            try await Store.withStore(database.url, logger: TestLogging.logger) { store in
                try await store.withConnection { database in
                    try await database.raw("UPDATE api_key SET sealed_secret = 'v1.k1.AAAA'").run()
                }
            }
            let refused = try await CardplaneProcess.run(
                ["vault", "rotate-master-key", "--remove-old-keys"],
                environment: env
            )
            #expect(refused.status != 0 && refused.stderr.contains("opens under no key of the key file"))
            #expect(try KeyRing.load(file: keyFile).keyIDs == ["k1", "k2"], "the old key stays")
        }
    }

    /// The card's private info, decrypted with the merchant's API secret (waits for production).
    static func privateInfo(_ client: MerchantClient, cardNo: String, apiSecret: String) async throws -> String {
        let cipher = try MerchantCipher(apiSecret: Sensitive(apiSecret))
        var reply: [String: Any] = [:]
        for _ in 0..<100 {
            reply = try await HTTP.getObject(
                port: client.port,
                path: "/open-api/v1/card/\(cardNo)/private/info",
                headers: client.headers
            )
            if let data = reply["data"] as? String { return try cipher.decrypt(data).reveal() }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CardplaneProcess.Failure("the card's private info never became readable: \(reply)")
    }

    static func sealedApplicant(_ database: TestDatabase, cardholderNo: String) async throws -> String {
        try await Store.withStore(database.url, logger: TestLogging.logger) { store in
            try await store.withConnection { database in
                let row = try await database.raw(
                    "SELECT sealed_applicant FROM cardholder WHERE cardholder_no = \(bind: cardholderNo)"
                ).first()
                return try #require(try row?.decode(column: "sealed_applicant", as: String?.self))
            }
        }
    }

    /// The ids of the master keys that sealed the stored secrets and sentinels.
    static func sealingKeyIDs(_ database: TestDatabase) async throws -> Set<String> {
        try await Store.withStore(database.url, logger: TestLogging.logger) { store in
            try await store.withConnection { database in
                var ids: Set<String> = []
                for kind in MasterSealedRecords.Kind.allCases {
                    for value in try await MasterSealedRecords(database).page(kind, after: nil, limit: 1_000) {
                        ids.insert(SecretSealer.keyID(of: value.sealed) ?? "unsealed")
                    }
                }
                ids.formUnion(try await MasterKeySentinelRecords(database).all().keys)
                return ids
            }
        }
    }
}
