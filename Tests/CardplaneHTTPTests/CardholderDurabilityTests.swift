import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import Testing

/// What must survive: pending verifications across a restart, and personal data only sealed at rest.
@Suite struct CardholderDurabilityTests {
    /// A server stops before deciding; the next server on the same database decides, in the background.
    @Test(arguments: StoreKind.available)
    func aPendingVerificationIsDecidedAfterARestart(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyRing = KeyRing.generate()
            let clock = TestClock()
            let (credential, number) = try await TestServer.with(database: database, keyRing: keyRing, clock: clock) {
                server async throws -> (IssuedCredential, String) in
                let credential = try await server.onboard().credential
                let number = try await server.newCardholder(credential, uniqueNo: "RESTART", token: "sim_approved_r")
                return (credential, number)
            }
            var configuration = TestServer.configuration
            configuration.kycWorker = .init(pollIntervalMs: 20, decisionDelayMs: 0)
            try await TestServer.with(
                database: database,
                keyRing: keyRing,
                clock: clock,
                configuration: configuration,
                runsBackgroundWorkers: true
            ) { server in
                var status: String?
                for _ in 0..<250 where status != "Approved" {
                    try await Task.sleep(for: .milliseconds(20))
                    status = try await server.cardholderInfo(credential, number).data?["status"] as? String
                }
                #expect(status == "Approved")
            }
        }
    }

    /// The SQLite file (and its write-ahead log) never holds a KYC personal field in clear.
    @Test func theDatabaseFileHoldsNoPersonalDataInClear() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let applicant = try await SimulatedKYCProvider().applicant(shareToken: Sensitive("sim_approved_scan"))
            try await TestServer.with(database: database, keyRing: .generate(), clock: TestClock()) { server in
                let credential = try await server.onboard().credential
                let number = try await server.newCardholder(credential, uniqueNo: "SCAN", token: "sim_approved_scan")
                _ = try await server.driveVerification(credential, number, until: "Approved")
            }
            guard case .sqlite(let path) = database.url else { return }
            var bytes = Data()
            for suffix in ["", "-wal", "-shm"] {
                if let data = FileManager.default.contents(atPath: path + suffix) { bytes.append(data) }
            }
            #expect(bytes.count > 0)
            for secret in [applicant.lastName, applicant.documentNumber, applicant.dateOfBirth, applicant.addressLine!]
            {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "found a personal field in clear")
            }
            #expect(bytes.range(of: Data(applicant.email!.utf8)) != nil, "email stays queryable (control)")
        }
    }

    /// On either engine the stored applicant opens only with the vault and the cardholder's own context.
    @Test(arguments: StoreKind.available)
    func storedApplicantIsSealedPerCardholder(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            let number = try await server.newCardholder(credential, uniqueNo: "SEAL", token: "sim_approved_seal")
            let sealed = try #require(
                try await server.store.withConnection { try await CardholderRecords($0).sealedApplicant(no: number) }
            )
            #expect(sealed.hasPrefix("v1.") && !sealed.contains("Tester"))
            let sealer = SecretSealer(keyRing: server.keyRing)
            let opened = try sealer.open(sealed, context: CardholderRegistry.applicantContext(cardholderNo: number))
            #expect(opened.reveal().contains("Tester"))
            #expect(throws: VaultError.cannotOpen) {
                try sealer.open(sealed, context: CardholderRegistry.applicantContext(cardholderNo: "U0"))
            }
        }
    }
}
