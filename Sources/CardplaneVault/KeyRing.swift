import Crypto

/// The master keys that seal secrets at rest, by key id. One key is active for sealing; every key
/// in the ring can still open what it sealed, so keys rotate by adding a new active key.
public struct KeyRing: Sendable {
    /// The id of the key new secrets are sealed with.
    public let activeKeyID: String
    private let keys: [String: SymmetricKey]

    /// A ring of `keys` (id → 32-byte key) sealing with `activeKeyID`.
    ///
    /// - Throws: ``VaultError/invalidKeyRing`` when the active key is missing or a key is not 256 bits.
    public init(keys: [String: [UInt8]], activeKeyID: String) throws {
        guard keys[activeKeyID] != nil, keys.values.allSatisfy({ $0.count == 32 }),
            keys.keys.allSatisfy(KeyRing.isValidKeyID)
        else { throw VaultError.invalidKeyRing }
        self.init(validated: keys.mapValues { SymmetricKey(data: $0) }, activeKeyID: activeKeyID)
    }

    private init(validated keys: [String: SymmetricKey], activeKeyID: String) {
        self.keys = keys
        self.activeKeyID = activeKeyID
    }

    /// A ring with one fresh random key, for tests and first starts.
    public static func generate(keyID: String = "k1") -> KeyRing {
        let key = newKeyMaterial()
        precondition(isValidKeyID(keyID), "key ids are short tokens of letters, digits, - and _")
        return KeyRing(validated: [keyID: SymmetricKey(data: key)], activeKeyID: keyID)
    }

    func key(id: String) -> SymmetricKey? { keys[id] }

    /// The ids of the ring's keys, sorted.
    public var keyIDs: [String] { keys.keys.sorted() }

    /// The ring of the active key alone: what proves a value no longer needs the others.
    public func activeKeyOnly() -> KeyRing {
        KeyRing(validated: [activeKeyID: activeKey], activeKeyID: activeKeyID)
    }

    /// An id for the next key: `k<n>` with `n` one past the highest `k<number>` in the ring.
    func nextKeyID() -> String {
        let numbers = keys.keys.compactMap { $0.first == "k" ? Int($0.dropFirst()) : nil }
        return "k\((numbers.max() ?? 0) + 1)"
    }

    /// 32 random bytes for a new key.
    static func newKeyMaterial() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    /// Whether the ring holds a key with this id.
    public func holds(keyID: String) -> Bool { keys[keyID] != nil }

    var activeKey: SymmetricKey { keys[activeKeyID]! }

    /// Key ids are short tokens of letters, digits, `-` and `_`, so they fit the sealed format.
    static func isValidKeyID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 32
            && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}

/// Failures of the vault. Descriptions never contain key material or plaintext.
public enum VaultError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key ring is empty, has no active key or holds a key that is not 256 bits.
    case invalidKeyRing
    /// The key file cannot be read or parsed.
    case unreadableKeyFile(path: String)
    /// A sealed value is malformed, names an unknown key, or fails authentication.
    case cannotOpen
    /// No key file where one is expected; only `vault init` and a first `serve` create one.
    case missingKeyFile(path: String)
    /// The key file may be read by its group or others.
    case keyFileTooOpen(path: String)
    /// `vault init` found a key file already there.
    case keyFileExists(path: String)
    /// The database holds secrets sealed with a master key the key file does not have.
    case masterKeyMissing(keyID: String)
    /// The key file's key under this id is not the one that sealed the database's secrets.
    case masterKeyMismatch(keyID: String)

    public var description: String {
        switch self {
        case .invalidKeyRing: return "invalid key ring"
        case .unreadableKeyFile(let path): return "unreadable master key file at \(path)"
        case .cannotOpen: return "sealed value cannot be opened"
        case .missingKeyFile(let path):
            return "no master key file at \(path): pass --master-key-file (or CARDPLANE_MASTER_KEY_FILE) "
                + "naming the server's, or create one with `cardplane vault init` for a new installation"
        case .keyFileTooOpen(let path):
            return "the master key file \(path) can be read by other users; run: chmod 600 \(path)"
        case .masterKeyMissing(let keyID):
            return "this database's secrets were sealed with master key \(keyID), which the key file does not hold: "
                + "give this process the key file the server uses (--master-key-file)"
        case .masterKeyMismatch(let keyID):
            return "master key \(keyID) in the key file is not the key that sealed this database's secrets: "
                + "wrong key file (--master-key-file)?"
        case .keyFileExists(let path):
            return "a master key file already exists at \(path); it is kept (its keys seal existing secrets)"
        }
    }
}
