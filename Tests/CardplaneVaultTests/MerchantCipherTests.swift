import CardplaneCore
import CardplaneTesting
import CardplaneVault
import Foundation
import Testing

/// The apiSecret of every vector below: 32 ASCII characters, an AES-256 key.
private let testSecret = "0123456789abcdef0123456789abcdef"
/// Another valid apiSecret, for "wrong key" cases.
private let otherSecret = "fedcba9876543210fedcba9876543210"

private func makeCipher(_ secret: String = testSecret) throws -> MerchantCipher {
    try MerchantCipher(apiSecret: Sensitive(secret))
}

/// Known answers computed with Python's `cryptography` (AES-256/ECB/PKCS#7, key `testSecret`), the
/// first and the 16-byte one also checked with `openssl enc -aes-256-ecb`.
private let knownAnswers: [(plaintext: String, base64: String)] = [
    ("123", "vKkop56NIq7X09yArdmvew=="),
    ("583920", "TvkBC5XFL7EnFuqOFIMbjg=="),
    (
        #"{"cardNumber":"4111111111111111","cvv":"123","expiryDate":"12/29"}"#,
        "K3z+wObg9BmlfuwUaQzzlpx5M+sM1x95ghSg8xpasW1yPygpclnVTNBP77UWuckeegDZrDdiBo/q6jUREuVghHV6tSb2HNlAaCQLbuSfA6w="
    ),
    // Exactly one block: PKCS#7 adds a whole block of 0x10.
    ("0123456789abcdef", "+DyaYNwM25ghn3nW1dsWNYqjYkH96N8FTcMlxsaVuJ4="),
    // Nothing at all: the ciphertext is that padding block alone.
    ("", "iqNiQf3o3wVNwyXGxpW4ng=="),
]

/// The 16-byte blocks `range` of the ciphertext `base64`, in Base64: ECB lets a test cut a ciphertext.
private func blocks(_ base64: String, _ range: Range<Int>) -> String {
    let bytes = Array(Data(base64Encoded: base64)!)
    return Data(bytes[(range.lowerBound * 16)..<(range.upperBound * 16)]).base64EncodedString()
}

@Suite struct MerchantCipherTests {
    @Test(arguments: knownAnswers.indices)
    func encryptsAndDecryptsKnownAnswers(_ index: Int) throws {
        let (plaintext, base64) = knownAnswers[index]
        #expect(try makeCipher().encrypt(Sensitive(plaintext)) == base64)
        #expect(try makeCipher().decrypt(base64).reveal() == plaintext)
    }

    @Test func shorterKeysAreAES128And192() throws {
        // Python `cryptography` with the keys "0123456789abcdef" and "0123456789abcdef01234567".
        #expect(try makeCipher("0123456789abcdef").encrypt(Sensitive("123")) == "zNkSeANebsT6uK05MK4mkA==")
        #expect(try makeCipher("0123456789abcdef01234567").encrypt(Sensitive("123")) == "a+FDAsH0onoHsu7Hz7lVBg==")
    }

    @Test(
        arguments: [
            "7", "042", "000000", "999999", "0123456789abcde", "0123456789abcdef0",
            String(repeating: "x", count: 1_000),
            #"{"name":"Zoë Ångström","city":"東京","note":"💳 \n\t\u0000"}"#, "  spaced  ",
        ]
    )
    func roundTrips(_ plaintext: String) throws {
        let base64 = try makeCipher().encrypt(Sensitive(plaintext))
        let expectedBlocks = Array(plaintext.utf8).count / 16 + 1
        #expect(Data(base64Encoded: base64)?.count == expectedBlocks * 16)
        #expect(try makeCipher().decrypt(base64).reveal() == plaintext)
    }

    @Test func sameKeyAndPlaintextGiveTheSameCiphertext() throws {
        // ECB is deterministic: this is the protocol's, not a property to rely on elsewhere.
        #expect(try makeCipher().encrypt(Sensitive("123")) == makeCipher().encrypt(Sensitive("123")))
        #expect(try makeCipher().encrypt(Sensitive("123")) != makeCipher(otherSecret).encrypt(Sensitive("123")))
    }

    @Test(
        arguments: [
            "", "0123456789abcde", "0123456789abcdef0", "0123456789abcdef0123456", "0123456789abcdef012345678",
            "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef0", String(repeating: "k", count: 64),
        ]
    )
    func keysThatAreNotAESSizesAreRefused(_ secret: String) {
        #expect(throws: MerchantCipherError.invalidKey) { try MerchantCipher(apiSecret: Sensitive(secret)) }
    }

    @Test func keyLengthIsCountedInUTF8Bytes() throws {
        // 16 characters but 32 bytes: a valid AES-256 key; 8 such characters are 16 bytes.
        #expect(throws: Never.self) { try makeCipher(String(repeating: "é", count: 16)) }
        #expect(throws: Never.self) { try makeCipher(String(repeating: "é", count: 8)) }
        #expect(throws: MerchantCipherError.invalidKey) { try makeCipher(String(repeating: "é", count: 12) + "a") }
    }

    @Test(
        arguments: [
            "",  // nothing
            "not base64!",  // not Base64
            "vKkop56NIq7X09yArdmvew",  // padding '=' missing
            " vKkop56NIq7X09yArdmvew==",  // whitespace
            "vKkop56NIq7X09yArdmvew==\n",
            "vKkop56NIq7X09yA-dmvew==",  // URL-safe alphabet
            "AAAA",  // 3 bytes
            Data(count: 15).base64EncodedString(),
            Data(count: 17).base64EncodedString(),
            Data(count: 31).base64EncodedString(),
        ]
    )
    func malformedCiphertextCannotBeDecrypted(_ base64: String) throws {
        #expect(throws: MerchantCipherError.cannotDecrypt) { try makeCipher().decrypt(base64) }
    }

    @Test(arguments: knownAnswers.indices)
    func aWrongKeyCannotDecrypt(_ index: Int) throws {
        // With another key the last block decrypts to noise; for these vectors its padding is invalid.
        #expect(throws: MerchantCipherError.cannotDecrypt) {
            try makeCipher(otherSecret).decrypt(knownAnswers[index].base64)
        }
    }

    @Test func badPaddingCannotBeDecrypted() throws {
        let cipher = try makeCipher()
        // Each plaintext is one block, so its first ciphertext block alone decrypts to it unpadded.
        let lastByteTooLarge = cipher.encrypt(Sensitive("0123456789abcdef"))  // ends in 0x66
        let lastByteZero = cipher.encrypt(Sensitive("0123456789abcde\u{0}"))
        let inconsistent = cipher.encrypt(Sensitive("0123456789abcd\u{3}\u{2}"))
        let seventeen = cipher.encrypt(Sensitive("0123456789abcde\u{11}"))
        for base64 in [lastByteTooLarge, lastByteZero, inconsistent, seventeen] {
            #expect(throws: MerchantCipherError.cannotDecrypt) { try cipher.decrypt(blocks(base64, 0..<1)) }
        }
    }

    @Test func wellFormedPaddingOfAnyLengthIsRemoved() throws {
        let cipher = try makeCipher()
        let twoBytes = cipher.encrypt(Sensitive("0123456789abcd\u{2}\u{2}"))
        #expect(try cipher.decrypt(blocks(twoBytes, 0..<1)).reveal() == "0123456789abcd")
        let oneByte = cipher.encrypt(Sensitive("0123456789abcde\u{1}"))
        #expect(try cipher.decrypt(blocks(oneByte, 0..<1)).reveal() == "0123456789abcde")
        // The second block of a one-block plaintext is a whole block of padding: the empty string.
        let full = cipher.encrypt(Sensitive("0123456789abcdef"))
        #expect(try cipher.decrypt(blocks(full, 1..<2)).reveal() == "")
    }

    @Test func aPlaintextThatIsNotUTF8CannotBeDecrypted() throws {
        // Python `cryptography`: the bytes FF FE, padded, under `testSecret`.
        #expect(throws: MerchantCipherError.cannotDecrypt) { try makeCipher().decrypt("qYWrJpdHeURKkIGWkwHZlQ==") }
    }

    @Test func ciphertextIsBoundedBeforeDecoding() throws {
        let cipher = try makeCipher()
        #expect(Limits.merchantCiphertextLengthMax == 4_096)
        // 3,071 bytes pad to 3,072, whose Base64 is exactly 4,096 characters: the longest accepted.
        let longest = String(repeating: "9", count: 3_071)
        let atLimit = cipher.encrypt(Sensitive(longest))
        #expect(atLimit.utf8.count == Limits.merchantCiphertextLengthMax)
        #expect(try cipher.decrypt(atLimit).reveal() == longest)
        let overLimit = cipher.encrypt(Sensitive(longest + "9"))
        #expect(overLimit.utf8.count > Limits.merchantCiphertextLengthMax)
        #expect(throws: MerchantCipherError.cannotDecrypt) { try cipher.decrypt(overLimit) }
    }

    @Test func nothingSecretPrints() throws {
        let cipher = try makeCipher()
        for text in ["\(cipher)", String(reflecting: cipher)] {
            #expect(!text.contains("0123456789abcdef"))
        }
        #expect(Mirror(reflecting: cipher).children.isEmpty)
        var dumped = ""
        dump(cipher, to: &dumped)
        #expect(!dumped.contains("0123"))
        #expect("\(MerchantCipherError.cannotDecrypt)" == "merchant ciphertext cannot be decrypted")
        #expect("\(MerchantCipherError.invalidKey)" == "apiSecret is not a 16, 24 or 32 byte AES key")
    }
}

/// The same cipher seen from a merchant: Python's `cryptography` through `merchant_cipher.py`.
@Suite(.enabled(if: MerchantCipherScript.isAvailable))
struct MerchantCipherInteropTests {
    static let plaintexts = [
        "123", "583920", "", "0123456789abcdef", "  spaced  ", String(repeating: "x", count: 1_000),
        #"{"cardNumber":"4111111111111111","cvv":"123","expiryDate":"12/29","holder":"Zoë Ångström 東京 💳"}"#,
    ]
    static let secrets = [testSecret, "A!b#C$d%E&f'G(h)I*j+K,l-M.n/O:p;", "0123456789abcdef"]

    @Test(arguments: plaintexts, secrets)
    func pythonDecryptsWhatSwiftEncrypts(_ plaintext: String, _ secret: String) async throws {
        let base64 = try makeCipher(secret).encrypt(Sensitive(plaintext))
        #expect(try await MerchantCipherScript.decrypt(apiSecret: secret, base64: base64) == plaintext)
    }

    @Test(arguments: plaintexts, secrets)
    func swiftDecryptsWhatPythonEncrypts(_ plaintext: String, _ secret: String) async throws {
        let base64 = try await MerchantCipherScript.encrypt(apiSecret: secret, plaintext: plaintext)
        #expect(try makeCipher(secret).decrypt(base64).reveal() == plaintext)
        #expect(try makeCipher(secret).encrypt(Sensitive(plaintext)) == base64)
    }

    @Test func pythonAgreesWithTheKnownAnswers() async throws {
        for (plaintext, base64) in knownAnswers {
            #expect(try await MerchantCipherScript.encrypt(apiSecret: testSecret, plaintext: plaintext) == base64)
        }
    }

    @Test func pythonRefusesAWrongKeyToo() async throws {
        let base64 = try makeCipher().encrypt(Sensitive("583920"))
        let failure = await #expect(throws: MerchantCipherScript.Failure.self) {
            try await MerchantCipherScript.decrypt(apiSecret: otherSecret, base64: base64)
        }
        #expect(failure?.status == 1)
        #expect(failure?.stderr.contains("bad padding") == true)
    }
}
