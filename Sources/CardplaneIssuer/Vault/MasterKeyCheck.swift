public import CardplaneCore
public import CardplaneStore
public import CardplaneVault

/// Proves at start that the key file is the one this database's secrets were sealed with: every
/// master key that sealed a sentinel must be in the ring and open it. The ring's active key then
/// gets its own sentinel if it has none. A database from before the sentinels trusts the first key
/// ring that meets it.
public enum MasterKeyCheck {
    /// The known text each sentinel seals.
    static let knownText = "cardplane master key sentinel"
    static let context = "master_key_sentinel"

    /// - Throws: ``VaultError/masterKeyMissing(keyID:)``, ``VaultError/masterKeyMismatch(keyID:)``.
    public static func verify(store: Store, keyRing: KeyRing, clock: any WallClock) async throws {
        let sealer = SecretSealer(keyRing: keyRing)
        let sentinels = try await store.withConnection { try await MasterKeySentinelRecords($0).all() }
        for (keyID, sealed) in sentinels.sorted(by: { $0.key < $1.key }) {
            guard keyRing.holds(keyID: keyID) else { throw VaultError.masterKeyMissing(keyID: keyID) }
            guard (try? sealer.open(sealed, context: context).reveal()) == knownText else {
                throw VaultError.masterKeyMismatch(keyID: keyID)
            }
        }
        guard sentinels[keyRing.activeKeyID] == nil else { return }
        let sealed = try sealer.seal(Sensitive(knownText), context: context)
        let nowMs = clock.nowMs()
        try await store.withConnection {
            try await MasterKeySentinelRecords($0).insert(keyID: keyRing.activeKeyID, sealed: sealed, nowMs: nowMs)
        }
    }
}
