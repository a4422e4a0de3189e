import CardplaneCore
import Crypto

/// The stored form of a bearer credential (Api-Key, Access-Token): its SHA-256, hex encoded.
///
/// The credentials are long random strings, so a plain hash cannot be reversed by guessing; the
/// database never holds a usable credential, and lookups go by digest.
public enum CredentialDigest {
    /// The lowercase hex SHA-256 of the credential's UTF-8 bytes.
    public static func digest(_ credential: Sensitive<String>) -> String {
        SHA256.hash(data: Array(credential.reveal().utf8)).hexString
    }

    /// Whether `credential` hashes to `storedDigest`, compared in constant time.
    public static func matches(_ credential: Sensitive<String>, storedDigest: String) -> Bool {
        ConstantTime.equals(Array(digest(credential).utf8), Array(storedDigest.utf8))
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hexadecimal text of the bytes.
    var hexString: String {
        let digits: StaticString = "0123456789abcdef"
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(digits.utf8Start[Int(byte >> 4)])
            text.append(digits.utf8Start[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
