/// The hash of an on-chain deposit, checked for the form of its chain and written in one canonical
/// form, so one transaction is credited once however the operator types it.
///
/// | Chain | Form | Canonical |
/// |---|---|---|
/// | TRON | 64 hexadecimal digits | lower case |
/// | ETH, BSC | `0x` and 64 hexadecimal digits | lower case, without `0x` |
/// | SOL | a base58 signature of 64 bytes (usually 87 or 88 characters) | as typed: base58 is case-sensitive |
/// | any other chain the operator configures | 1…128 ASCII letters, digits, `-`, `_`, `:` | as typed |
///
/// Surrounding whitespace is trimmed first. The canonical form of the hexadecimal chains is the one
/// Cardplane has always stored, so earlier deposits keep matching.
public struct ChainTransactionHash: Sendable, Hashable, CustomStringConvertible {
    /// The deposit key: the hash in canonical form.
    public let canonical: String

    /// The form `chain` expects, in words, for the operator's error message.
    public static func expectedForm(chain: String) -> String {
        switch Form(chain: chain) {
        case .tron: return "TRON transaction hashes are 64 hexadecimal digits"
        case .evm: return "\(chain.uppercased()) transaction hashes are 0x followed by 64 hexadecimal digits"
        case .solana: return "SOL transaction signatures are base58 encodings of 64 bytes (usually 88 characters)"
        case .other:
            return
                "transaction hashes are 1 to \(Limits.transactionHashLengthMax) ASCII letters, digits, '-', '_' or ':'"
        }
    }

    /// `nil` when `text` is not a transaction hash of `chain`.
    public init?(_ text: String, chain: String) {
        let typed = Self.trimmed(text)
        switch Form(chain: chain) {
        case .tron:
            guard Self.isHex(typed, digits: 64) else { return nil }
            canonical = typed.lowercased()
        case .evm:
            let prefix = typed.prefix(2)
            guard prefix == "0x" || prefix == "0X", Self.isHex(typed.dropFirst(2), digits: 64) else { return nil }
            canonical = typed.dropFirst(2).lowercased()
        case .solana:
            guard Base58.decodedByteCount(typed) == 64 else { return nil }
            canonical = typed
        case .other:
            let allowed = typed.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (Self.isAlphanumeric(scalar) || "-_:".unicodeScalars.contains(scalar))
            }
            guard allowed, (1...Limits.transactionHashLengthMax).contains(typed.count) else { return nil }
            canonical = typed
        }
    }

    public var description: String { canonical }

    private enum Form {
        case tron, evm, solana, other

        init(chain: String) {
            switch chain.uppercased() {
            case "TRON": self = .tron
            case "ETH", "BSC": self = .evm
            case "SOL": self = .solana
            default: self = .other
            }
        }
    }

    private static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }

    private static func isHex(_ text: Substring, digits: Int) -> Bool {
        text.utf8.count == digits && text.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.isASCIIHexDigit }
    }

    private static func isHex(_ text: String, digits: Int) -> Bool {
        isHex(Substring(text), digits: digits)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}

/// Bitcoin's base58 alphabet, as Solana writes signatures and addresses.
enum Base58 {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    /// The number of bytes `text` decodes to; `nil` when it is empty or not base58.
    static func decodedByteCount(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 128 else { return nil }
        var bytes: [UInt8] = []  // big-endian magnitude, without leading zeros
        for character in text.utf8 {
            guard let digit = alphabet.firstIndex(of: character) else { return nil }
            var carry = digit
            for index in bytes.indices.reversed() {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 {
                bytes.insert(UInt8(carry & 0xFF), at: 0)
                carry >>= 8
            }
        }
        let leadingZeros = text.utf8.prefix { $0 == alphabet[0] }.count
        return leadingZeros + bytes.drop { $0 == 0 }.count
    }
}
