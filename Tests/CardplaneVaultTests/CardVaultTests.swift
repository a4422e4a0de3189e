import CardplaneCore
import CardplaneVault
import Testing

@Suite struct CardVaultTests {
    static func vault(
        dataKeys: [String: [UInt8]]? = nil,
        active: String = "data-1",
        lookup: [UInt8]? = nil
    ) throws
        -> CardVault
    {
        try CardVault(
            dataKeys: dataKeys ?? ["data-1": CardVault.newKey()],
            activeDataKeyID: active,
            lookupKey: lookup ?? CardVault.newKey()
        )
    }

    @Test func sealedValuesOpenOnlyForTheirCardAndField() throws {
        let vault = try Self.vault()
        let sealed = try vault.seal(Sensitive("4111111111111111"), field: .pan, cardNo: "C1")
        #expect(sealed.hasPrefix("v1.data-1.") && !sealed.contains("4111111111111111"))
        #expect(try vault.open(sealed, field: .pan, cardNo: "C1").reveal() == "4111111111111111")
        #expect(throws: VaultError.cannotOpen) { try vault.open(sealed, field: .pan, cardNo: "C2") }
        #expect(throws: VaultError.cannotOpen) { try vault.open(sealed, field: .cvv, cardNo: "C1") }
    }

    @Test func rotatedDataKeysStillOpenOldValues() throws {
        let (old, new) = (CardVault.newKey(), CardVault.newKey())
        let lookup = CardVault.newKey()
        let before = try Self.vault(dataKeys: ["data-1": old], lookup: lookup)
        let sealed = try before.seal(Sensitive("123"), field: .cvv, cardNo: "C1")
        let after = try Self.vault(dataKeys: ["data-1": old, "data-2": new], active: "data-2", lookup: lookup)
        #expect(try after.open(sealed, field: .cvv, cardNo: "C1").reveal() == "123")
        #expect(try after.seal(Sensitive("123"), field: .cvv, cardNo: "C1").hasPrefix("v1.data-2."))
        let pan = PrimaryAccountNumber("4111111111111111")!
        #expect(before.digest(of: pan) == after.digest(of: pan), "lookups survive a data key rotation")
        let withoutOld = try Self.vault(dataKeys: ["data-2": new], active: "data-2", lookup: lookup)
        #expect(throws: VaultError.cannotOpen) { try withoutOld.open(sealed, field: .cvv, cardNo: "C1") }
    }

    @Test func panDigestIsKeyed() throws {
        let pan = PrimaryAccountNumber("4111111111111111")!
        let (first, second) = (try Self.vault(), try Self.vault())
        #expect(first.digest(of: pan) == first.digest(of: pan))
        #expect(first.digest(of: pan) != second.digest(of: pan), "another lookup key, another digest")
        // 64 hex digits of a keyed HMAC: neither the number itself nor its plain SHA-256 (a random
        // key's digest holds any four given digits about once in a thousand, so no such check).
        let digest = first.digest(of: pan)
        #expect(digest.count == 64 && !digest.contains(pan.digits))
        #expect(digest != CredentialDigest.digest(Sensitive(pan.digits)), "keyed: not the plain SHA-256 of the number")
    }

    /// ISO 9564 format 0: PIN field `041234FFFFFFFFFF` XOR PAN field `0000111111111111`.
    @Test func pinBlockIsISOFormat0() {
        let block = CardVault.pinBlock(pin: Sensitive("1234"), pan: PrimaryAccountNumber("4111111111111111")!)
        #expect(block.reveal() == "041225EEEEEEEEEE")
        let six = CardVault.pinBlock(pin: Sensitive("583920"), pan: PrimaryAccountNumber("5555555555554444")!)
        // PIN field 06583920FFFFFFFF, PAN field 0000555555555444.
        #expect(six.reveal() == "06586C75AAAAABBB")
    }

    @Test func keysWrapUnderTheMasterKeyAndBindTheirID() throws {
        let wrapper = VaultKeyWrapper(master: SecretSealer(keyRing: .generate()))
        let key = CardVault.newKey()
        let wrapped = try wrapper.wrap(key, keyID: "data-1")
        #expect(try wrapper.unwrap(wrapped, keyID: "data-1") == key)
        #expect(throws: VaultError.cannotOpen) { try wrapper.unwrap(wrapped, keyID: "lookup") }
        let stranger = VaultKeyWrapper(master: SecretSealer(keyRing: .generate()))
        #expect(throws: VaultError.cannotOpen) { try stranger.unwrap(wrapped, keyID: "data-1") }
    }

    @Test func keysMustBe256Bits() {
        #expect(throws: VaultError.invalidKeyRing) { try Self.vault(lookup: [1, 2, 3]) }
        #expect(throws: VaultError.invalidKeyRing) { try Self.vault(active: "data-9") }
    }
}
