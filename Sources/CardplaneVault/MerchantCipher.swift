import CardplaneCore
import Crypto
import CryptoExtras
import Foundation

/// The cipher of the merchant API (spec §5): AES/ECB/PKCS#7 under the merchant's `apiSecret`,
/// ciphertext in standard Base64.
///
/// The key is the UTF-8 bytes of the `apiSecret` itself, with no derivation: 32 ASCII characters
/// make an AES-256 key (spec §13). Merchants send `cvv` and `pin` encrypted this way as the bare
/// digit string; the platform answers private card information as an encrypted JSON string. This
/// is what Java calls `AES/ECB/PKCS5Padding`.
///
/// ECB has no IV and no authentication: equal plaintexts give equal ciphertexts, and a ciphertext
/// can be cut or reordered by block. The protocol fixes the mode; callers must still validate what
/// they decrypt (a CVV is three digits, a PIN six).
public struct MerchantCipher: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The AES block size, bytes.
    static let blockSize = 16
    /// Key lengths AES accepts, bytes: AES-128, AES-192 and AES-256.
    static let keySizes: Set<Int> = [16, 24, 32]

    private let key: SymmetricKey

    /// A cipher keyed with the UTF-8 bytes of `apiSecret`.
    ///
    /// - Throws: `MerchantCipherError.invalidKey` unless the secret is 16, 24 or 32 bytes of UTF-8.
    public init(apiSecret: Sensitive<String>) throws {
        let bytes = Array(apiSecret.reveal().utf8)
        guard Self.keySizes.contains(bytes.count) else { throw MerchantCipherError.invalidKey }
        key = SymmetricKey(data: bytes)
    }

    /// Base64 of AES/ECB/PKCS#7 ciphertext of the UTF-8 plaintext.
    ///
    /// The empty string encrypts to one block of padding. Nothing bounds the plaintext here; the
    /// platform encrypts only what it builds itself.
    public func encrypt(_ plaintext: Sensitive<String>) -> String {
        var bytes = Array(plaintext.reveal().utf8)
        let padding = Self.blockSize - bytes.count % Self.blockSize
        bytes.append(contentsOf: repeatElement(UInt8(padding), count: padding))
        permuteBlocks(&bytes, inverse: false)
        return Data(bytes).base64EncodedString()
    }

    /// Decrypts Base64 ciphertext.
    ///
    /// - Throws: `MerchantCipherError.cannotDecrypt` for text longer than
    ///   ``Limits/merchantCiphertextLengthMax``, bad Base64, a length that is not a positive multiple
    ///   of 16 bytes, bad padding (the usual sign of a wrong key) or a plaintext that is not UTF-8.
    ///   The error never includes the input.
    public func decrypt(_ base64: String) throws -> Sensitive<String> {
        guard base64.utf8.count <= Limits.merchantCiphertextLengthMax,
            let data = Data(base64Encoded: base64),
            !data.isEmpty, data.count % Self.blockSize == 0
        else { throw MerchantCipherError.cannotDecrypt }
        var bytes = Array(data)
        permuteBlocks(&bytes, inverse: true)
        guard let padding = Self.paddingLength(ofLastBlock: bytes.suffix(Self.blockSize)),
            let text = String(bytes: bytes.dropLast(padding), encoding: .utf8)
        else { throw MerchantCipherError.cannotDecrypt }
        return Sensitive(text)
    }

    /// Applies AES to each 16-byte block of `bytes` in place: ECB.
    private func permuteBlocks(_ bytes: inout [UInt8], inverse: Bool) {
        precondition(bytes.count % Self.blockSize == 0, "ECB works on whole blocks")
        for start in stride(from: 0, to: bytes.count, by: Self.blockSize) {
            do {
                if inverse {
                    try AES.inversePermute(&bytes[start..<start + Self.blockSize], key: key)
                } else {
                    try AES.permute(&bytes[start..<start + Self.blockSize], key: key)
                }
            } catch {
                // Only a block that is not 16 bytes or a key that is not 128, 192 or 256 bits fails,
                // and both are ruled out above and in init.
                preconditionFailure("AES on a 16-byte block under a validated key failed: \(error)")
            }
        }
    }

    /// The PKCS#7 padding length of a decrypted last block, or nil when the padding is malformed.
    ///
    /// Valid padding is `n` bytes of value `n`, 1 ≤ `n` ≤ 16. Every byte of the block is examined and
    /// the checks accumulate into one mask without data-dependent branches, so the time taken does
    /// not tell how much of the padding was right.
    static func paddingLength(ofLastBlock block: ArraySlice<UInt8>) -> Int? {
        precondition(block.count == blockSize, "padding is checked on one whole block")
        let length = Int(block[block.endIndex - 1])
        // 0xFF when `length` is 0 or above 16: both differences are negative only then.
        var invalid =
            UInt8(truncatingIfNeeded: (length - 1) >> 8) | UInt8(truncatingIfNeeded: (blockSize - length) >> 8)
        for offset in 0..<blockSize {
            // 0xFF for the last `length` bytes, 0 before them.
            let inPadding = UInt8(truncatingIfNeeded: (offset - length) >> 8)
            invalid |= inPadding & (block[block.endIndex - 1 - offset] ^ UInt8(truncatingIfNeeded: length))
        }
        return invalid == 0 ? length : nil
    }

    public var description: String { "MerchantCipher(<redacted>)" }
    public var debugDescription: String { description }
    /// No children: `dump` and mirrors must not reach the key.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// Why a ``MerchantCipher`` cannot be made or cannot decrypt. Neither case carries any input.
public enum MerchantCipherError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `apiSecret` is not 16, 24 or 32 bytes of UTF-8, so it is no AES key.
    case invalidKey
    /// The ciphertext is too long, not Base64, not whole blocks, badly padded or not UTF-8 inside.
    /// Callers answer it with the field's decrypt-failure code (4015 PIN, 4019 CVV).
    case cannotDecrypt

    public var description: String {
        switch self {
        case .invalidKey: return "apiSecret is not a 16, 24 or 32 byte AES key"
        case .cannotDecrypt: return "merchant ciphertext cannot be decrypted"
        }
    }
}
