import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import Testing

/// The database remembers which master keys sealed its secrets: a process with another key file
/// refuses to start, one with the keys plus a new one starts and remembers the new one too.
@Suite struct MasterKeyCheckTests {
    static func randomKey() -> [UInt8] { (0..<32).map { _ in UInt8.random(in: 0...255) } }

    @Test(arguments: StoreKind.available)
    func onlyTheKeysThatSealedTheDatabaseOpenIt(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let (first, second) = (Self.randomKey(), Self.randomKey())
            let original = try KeyRing(keys: ["k1": first], activeKeyID: "k1")
            try await database.withStore { store in
                try await store.migrate()
                let clock = TestClock()
                try await MasterKeyCheck.verify(store: store, keyRing: original, clock: clock)
                try await MasterKeyCheck.verify(store: store, keyRing: original, clock: clock)

                let impostor = try KeyRing(keys: ["k1": second], activeKeyID: "k1")
                await #expect(throws: VaultError.masterKeyMismatch(keyID: "k1")) {
                    try await MasterKeyCheck.verify(store: store, keyRing: impostor, clock: clock)
                }
                let stranger = try KeyRing(keys: ["k2": second], activeKeyID: "k2")
                await #expect(throws: VaultError.masterKeyMissing(keyID: "k1")) {
                    try await MasterKeyCheck.verify(store: store, keyRing: stranger, clock: clock)
                }
                let rotated = try KeyRing(keys: ["k1": first, "k2": second], activeKeyID: "k2")
                try await MasterKeyCheck.verify(store: store, keyRing: rotated, clock: clock)
                await #expect(throws: VaultError.masterKeyMissing(keyID: "k2"), "k2 sealed a sentinel now") {
                    try await MasterKeyCheck.verify(store: store, keyRing: original, clock: clock)
                }
                let sentinels = try await store.withConnection { try await MasterKeySentinelRecords($0).all() }
                #expect(Set(sentinels.keys) == ["k1", "k2"])
            }
        }
    }
}
