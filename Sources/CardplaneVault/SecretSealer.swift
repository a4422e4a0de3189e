import Crypto
import Foundation

/// Seals secrets at rest with AES-256-GCM under the key ring's active key.
///
/// The sealed text is `v1.<key id>.<base64 of nonce ‖ ciphertext ‖ tag>`: the key id travels with
/// each ciphertext so rotated keys can still open old values. The caller's `context` (for example
/// the row's identifier) is bound as associated data, so a ciphertext copied to another row fails.
public struct SecretSealer: Sendable {
    private let keys: any MasterKeySource

    /// A sealer over `keys`: a fixed ring, or a ``KeyRingFile`` read again when it changes.
    public init(keys: any MasterKeySource) {
        self.keys = keys
    }

    public init(keyRing: KeyRing) {
        self.init(keys: keyRing)
    }

    /// Encrypts `secret`, binding it to `context`.
    public func seal(_ secret: Sensitive<String>, context: String) throws -> String {
        let ring = keys.ringForSealing()
        let box = try AES.GCM.seal(
            Array(secret.reveal().utf8),
            using: ring.activeKey,
            authenticating: Array(context.utf8)
        )
        guard let combined = box.combined else { throw VaultError.cannotOpen }
        return "v1.\(ring.activeKeyID).\(combined.base64EncodedString())"
    }

    /// The id of the key that sealed `sealed`, if it is a sealed value at all.
    public static func keyID(of sealed: String) -> String? {
        let parts = sealed.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1" else { return nil }
        return String(parts[1])
    }

    /// Decrypts a value made by ``seal(_:context:)`` with the same `context`.
    ///
    /// - Throws: ``VaultError/cannotOpen`` for a malformed value, an unknown key id, a different
    ///   context or tampering.
    public func open(_ sealed: String, context: String) throws -> Sensitive<String> {
        let parts = sealed.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", case let keyID = String(parts[1]),
            let key = keys.ring(holding: keyID).key(id: keyID), let combined = Data(base64Encoded: String(parts[2]))
        else { throw VaultError.cannotOpen }
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            let plaintext = try AES.GCM.open(box, using: key, authenticating: Array(context.utf8))
            guard let text = String(bytes: plaintext, encoding: .utf8) else { throw VaultError.cannotOpen }
            return Sensitive(text)
        } catch {
            throw VaultError.cannotOpen
        }
    }
}
