import CardplaneVault
import Foundation
import Testing

/// A running process's key file follows a rotation done by another process on the same file.
@Suite struct KeyRingFileTests {
    static func keyFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ring-\(UUID().uuidString).key").path
        try KeyRing.create(file: path)
        return path
    }

    @Test func aServerFollowsKeysAddedAndRemovedByAnotherProcess() throws {
        let path = try Self.keyFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = SecretSealer(keys: try KeyRingFile(path: path))
        let old = try server.seal(Sensitive("old"), context: "c")
        #expect(SecretSealer.keyID(of: old) == "k1")

        let operatorFile = try KeyRingFile(path: path)
        #expect(try operatorFile.addKey() == "k2")
        let resealed = try SecretSealer(keys: operatorFile).seal(Sensitive("old"), context: "c")
        #expect(try server.open(resealed, context: "c").reveal() == "old", "the server reads the new key to open")
        let fresh = try server.seal(Sensitive("new"), context: "c")
        #expect(SecretSealer.keyID(of: fresh) == "k2", "the server seals with the new key at once")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the replaced file stays owner-only")

        #expect(try operatorFile.removeKeys(keepingOnly: "k2") == ["k1"])
        #expect(try KeyRing.load(file: path).keyIDs == ["k2"])
        #expect(throws: VaultError.cannotOpen) { try SecretSealer(keys: operatorFile).open(old, context: "c") }
        #expect(try server.open(fresh, context: "c").reveal() == "new")
    }

    @Test func anUnreadableFileKeepsTheRingLastRead() throws {
        let path = try Self.keyFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = SecretSealer(keys: try KeyRingFile(path: path))
        try Data("k1 half-written".utf8).write(to: URL(fileURLWithPath: path))
        let sealed = try server.seal(Sensitive("kept"), context: "c")
        #expect(SecretSealer.keyID(of: sealed) == "k1")
        #expect(try server.open(sealed, context: "c").reveal() == "kept")
    }

    @Test func newKeysAreNumberedPastTheHighest() throws {
        let path = try Self.keyFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try KeyRingFile(path: path)
        #expect(try file.addKey() == "k2")
        #expect(try file.addKey() == "k3")
        #expect(try file.removeKeys(keepingOnly: "k3") == ["k1", "k2"])
        #expect(try file.addKey() == "k4")
        #expect(file.ringForSealing().activeKeyID == "k4")
    }
}
