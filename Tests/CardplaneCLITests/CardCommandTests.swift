import CardplaneStore
import CardplaneTesting
import Foundation
import Testing

/// `card unlock-activation` through the built executable (the unlock itself: CardActivationLockTests).
@Suite struct CardCommandTests {
    @Test func unlockingAnUnknownCardIsReported() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let unknown = try await CardplaneProcess.run(
                ["card", "unlock-activation", "--card", "C000000000000000000"],
                environment: env
            )
            #expect(unknown.status != 0 && unknown.stderr.contains("no card with that number"), "\(unknown.stderr)")
        }
    }
}
