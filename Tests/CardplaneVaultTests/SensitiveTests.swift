import CardplaneVault
import Foundation
import Testing

@Suite struct SensitiveTests {
    @Test func neverPrintsItsValue() {
        let secret = Sensitive("4111111111111111")
        #expect("\(secret)" == "<redacted>")
        #expect(String(describing: secret) == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        #expect(!"\([secret])".contains("4111"))
        #expect(secret.reveal() == "4111111111111111")
    }

    @Test func comparesByValue() {
        #expect(Sensitive("abc") == Sensitive("abc"))
        #expect(Sensitive("abc") != Sensitive("abd"))
        #expect(Sensitive("abc") != Sensitive("abcd"))
    }

    @Test(
        arguments: [
            ([1, 2, 3], [1, 2, 3], true), ([1, 2, 3], [1, 2, 4], false), ([1, 2], [1, 2, 3], false), ([], [], true),
        ]
            as [([UInt8], [UInt8], Bool)]
    )
    func constantTimeEquality(_ lhs: [UInt8], _ rhs: [UInt8], _ expected: Bool) {
        #expect(ConstantTime.equals(lhs, rhs) == expected)
    }
}

@Suite struct CredentialTests {
    @Test func apiKeysAreLongRandomAlphanumerics() {
        let keys = (0..<200).map { _ in CredentialGenerator.apiKey().reveal() }
        #expect(Set(keys).count == keys.count)
        for key in keys {
            #expect(key.count == 40 && key.hasPrefix("ak_"))
            #expect(key.dropFirst(3).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        }
    }

    @Test func apiSecretsAreThirtyTwoPrintableASCIICharacters() {
        for _ in 0..<100 {
            let secret = CredentialGenerator.apiSecret().reveal()
            #expect(secret.utf8.count == 32)
            #expect(secret.utf8.allSatisfy { (0x21...0x7e).contains($0) })
        }
    }

    @Test func digestIsSHA256Hex() {
        // SHA-256("abc"), FIPS 180-2 test vector.
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(CredentialDigest.digest(Sensitive("abc")) == expected)
        #expect(CredentialDigest.matches(Sensitive("abc"), storedDigest: expected))
        #expect(!CredentialDigest.matches(Sensitive("abd"), storedDigest: expected))
    }
}

@Suite struct SecretSealerTests {
    let sealer = SecretSealer(keyRing: .generate())

    @Test func sealsAndOpens() throws {
        let sealed = try sealer.seal(Sensitive("s3cret-value"), context: "row-1")
        #expect(!sealed.contains("s3cret"))
        #expect(sealed.hasPrefix("v1.k1."))
        #expect(try sealer.open(sealed, context: "row-1").reveal() == "s3cret-value")
    }

    @Test func sealingTwiceGivesDifferentCiphertexts() throws {
        #expect(try sealer.seal(Sensitive("x"), context: "c") != sealer.seal(Sensitive("x"), context: "c"))
    }

    @Test func anotherContextCannotOpen() throws {
        let sealed = try sealer.seal(Sensitive("s3cret"), context: "row-1")
        #expect(throws: VaultError.cannotOpen) { try sealer.open(sealed, context: "row-2") }
    }

    @Test func tamperingIsDetected() throws {
        let sealed = try sealer.seal(Sensitive("s3cret"), context: "row-1")
        var bytes = Array(Data(base64Encoded: String(sealed.split(separator: ".")[2]))!)
        bytes[bytes.count / 2] ^= 0x01
        let tampered = "v1.k1." + Data(bytes).base64EncodedString()
        #expect(throws: VaultError.cannotOpen) { try sealer.open(tampered, context: "row-1") }
        #expect(throws: VaultError.cannotOpen) { try sealer.open("v1.k9." + sealed.dropFirst(6), context: "row-1") }
        #expect(throws: VaultError.cannotOpen) { try sealer.open("garbage", context: "row-1") }
    }

    @Test func rotatedRingsOpenOldValues() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vault-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("master.key").path
        let (first, created) = try KeyRing.loadOrCreate(file: path)
        #expect(created)
        let sealed = try SecretSealer(keyRing: first).seal(Sensitive("old"), context: "c")
        let newKey = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("k2 \(newKey)\n".utf8))
        try handle.close()
        let (rotated, createdAgain) = try KeyRing.loadOrCreate(file: path)
        #expect(!createdAgain)
        #expect(rotated.activeKeyID == "k2")
        let rotatedSealer = SecretSealer(keyRing: rotated)
        #expect(try rotatedSealer.open(sealed, context: "c").reveal() == "old")
        #expect(try rotatedSealer.seal(Sensitive("new"), context: "c").hasPrefix("v1.k2."))
    }

    @Test func keyFileIsPrivate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vault-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("master.key").path
        _ = try KeyRing.loadOrCreate(file: path)
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func malformedKeyFilesAreRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).key").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for content in ["", "k1\n", "k1 notbase64!!\n", "k1 \(Data([1, 2, 3]).base64EncodedString())\n"] {
            try? FileManager.default.removeItem(atPath: path)
            let owned: [FileAttributeKey: Any] = [.posixPermissions: 0o600]
            #expect(FileManager.default.createFile(atPath: path, contents: Data(content.utf8), attributes: owned))
            let error = #expect(throws: VaultError.self) { try KeyRing.load(file: path) }
            #expect(error == .unreadableKeyFile(path: path) || error == .invalidKeyRing, "\(content)")
        }
    }

    /// A key file others may read is refused with the `chmod` to run; a missing one is not
    /// replaced by a new key (which could not open what the old one sealed); `create` keeps one.
    @Test func keyFilesMustBeOwnersOnlyAndAreNeverReplaced() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vault-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("master.key").path
        #expect(throws: VaultError.missingKeyFile(path: path)) { try KeyRing.load(file: path) }
        let created = try KeyRing.create(file: path)
        #expect(throws: VaultError.keyFileExists(path: path)) { try KeyRing.create(file: path) }
        #expect(try KeyRing.load(file: path).activeKeyID == created.activeKeyID)
        for mode in [0o640, 0o604, 0o660] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            #expect(throws: VaultError.keyFileTooOpen(path: path)) { try KeyRing.load(file: path) }
        }
        #expect(VaultError.keyFileTooOpen(path: path).description.hasSuffix("run: chmod 600 \(path)"))
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: path)
        #expect(try KeyRing.load(file: path).activeKeyID == created.activeKeyID)
    }
}
