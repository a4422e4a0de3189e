public import CardplaneCore
import Crypto
import Foundation

/// Encrypts card data at rest (envelope encryption, spec issue #5).
///
/// Card fields are sealed with AES-256-GCM under a *data key*; data keys are stored wrapped
/// (sealed) by the master key ring, so the master key never touches card data and either key can
/// rotate: a new data key seals new values, old ones stay readable by their key id, which travels in
/// each sealed value. Every value is bound to its card and field as associated data, so a ciphertext
/// copied to another card or column does not open. PAN lookups and uniqueness use an HMAC of the
/// PAN under a separate *lookup key*, never the clear PAN.
public struct CardVault: Sendable {
    /// The card fields the vault seals.
    public enum Field: String, Sendable {
        case pan, cvv, expiry
        case pinBlock = "pin_block"
        case address
    }

    /// The id of the data key new values are sealed with.
    public let activeDataKeyID: String
    private let sealer: SecretSealer
    private let lookupKey: SymmetricKey

    /// A vault sealing with `dataKeys[activeDataKeyID]`.
    ///
    /// - Throws: ``VaultError/invalidKeyRing`` for a missing active key or a key that is not 256 bits.
    public init(dataKeys: [String: [UInt8]], activeDataKeyID: String, lookupKey: [UInt8]) throws {
        guard lookupKey.count == 32 else { throw VaultError.invalidKeyRing }
        self.sealer = SecretSealer(keyRing: try KeyRing(keys: dataKeys, activeKeyID: activeDataKeyID))
        self.activeDataKeyID = activeDataKeyID
        self.lookupKey = SymmetricKey(data: lookupKey)
    }

    /// Seals `value` as `field` of card `cardNo`.
    public func seal(_ value: Sensitive<String>, field: Field, cardNo: String) throws -> String {
        try sealer.seal(value, context: Self.context(field, cardNo))
    }

    /// Opens a value sealed by ``seal(_:field:cardNo:)`` for the same card and field.
    ///
    /// - Throws: ``VaultError/cannotOpen`` when the key is unknown or the value was tampered with or moved.
    public func open(_ sealed: String, field: Field, cardNo: String) throws -> Sensitive<String> {
        try sealer.open(sealed, context: Self.context(field, cardNo))
    }

    /// The keyed digest of a PAN (lowercase hex HMAC-SHA256): what uniqueness and lookups use.
    public func digest(of pan: PrimaryAccountNumber) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(pan.digits.utf8), using: lookupKey)
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The ISO 9564 format 0 PIN block of `pin` for `pan`, as 16 hex digits: the PIN field
    /// (`0`, the length, the digits, `F` padding) XOR the PAN field (`0000` and the twelve rightmost
    /// PAN digits before the check digit). Only this, sealed, is stored; never the PIN.
    public static func pinBlock(pin: Sensitive<String>, pan: PrimaryAccountNumber) -> Sensitive<String> {
        let digits = pin.reveal()
        let pinField = "0" + String(digits.count, radix: 16) + digits + String(repeating: "F", count: 14 - digits.count)
        let accountDigits = pan.digits.dropLast().suffix(12)
        let panField = "0000" + accountDigits
        let block = zip(pinField, panField).map { pinNibble, panNibble in
            String(Int(String(pinNibble), radix: 16)! ^ Int(String(panNibble), radix: 16)!, radix: 16, uppercase: true)
        }
        return Sensitive(block.joined())
    }

    /// A new random 256-bit key (a data or lookup key).
    public static func newKey() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    private static func context(_ field: Field, _ cardNo: String) -> String {
        "card:\(cardNo):\(field.rawValue)"
    }
}

/// Wraps vault keys under the master key ring for storage, and unwraps them.
public struct VaultKeyWrapper: Sendable {
    private let master: SecretSealer

    public init(master: SecretSealer) {
        self.master = master
    }

    /// The key sealed by the active master key, bound to `keyID`.
    public func wrap(_ key: [UInt8], keyID: String) throws -> String {
        try master.seal(Sensitive(Data(key).base64EncodedString()), context: Self.context(keyID: keyID))
    }

    /// What a wrapped key is bound to: its id.
    public static func context(keyID: String) -> String { "vault_key:\(keyID)" }

    /// The key `wrapped` holds.
    ///
    /// - Throws: ``VaultError/cannotOpen`` when the master key is missing or the value was altered.
    public func unwrap(_ wrapped: String, keyID: String) throws -> [UInt8] {
        let text = try master.open(wrapped, context: Self.context(keyID: keyID))
        guard let data = Data(base64Encoded: text.reveal()), data.count == 32 else { throw VaultError.cannotOpen }
        return Array(data)
    }
}
