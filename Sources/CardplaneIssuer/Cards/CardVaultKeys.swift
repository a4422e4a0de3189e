public import CardplaneCore
public import CardplaneStore
public import CardplaneVault

/// Loads the card vault's keys from the store on first use (after migrations) and keeps them.
///
/// The first start creates the lookup key and the first data key, each wrapped by the master key
/// ring; fixed ids make two processes starting together agree on one of each. When a sealed value
/// names a data key this process has not loaded (another process rotated), ``reload()`` reads the
/// table again.
public actor CardVaultKeys {
    static let lookupKeyID = "lookup"
    static let firstDataKeyID = "data-1"

    let store: Store
    let wrapper: VaultKeyWrapper
    let clock: any WallClock
    private var loaded: CardVault?
    /// Card numbers by PAN digest, as ``cardNo(pan:)`` found them; at most ``cardNumbersMax``.
    var cardNumbers: [String: String] = [:]
    static let cardNumbersMax = 100_000

    public init(store: Store, masterKeys: any MasterKeySource, clock: any WallClock) {
        self.store = store
        self.wrapper = VaultKeyWrapper(master: SecretSealer(keys: masterKeys))
        self.clock = clock
    }

    /// The vault, loading (and on a fresh database creating) its keys once.
    public func vault() async throws -> CardVault {
        if let loaded { return loaded }
        return try await reload()
    }

    /// Reads the keys again: the newest data key becomes the active one.
    @discardableResult
    public func reload() async throws -> CardVault {
        let nowMs = clock.nowMs()
        let wrapper = self.wrapper
        let stored = try await store.withTransaction { database in
            let records = VaultKeyRecords(database)
            for (keyID, purpose) in [(Self.lookupKeyID, VaultKeyRecords.Purpose.lookup), (Self.firstDataKeyID, .data)] {
                let wrapped = try wrapper.wrap(CardVault.newKey(), keyID: keyID)
                try await records.insertIfAbsent(keyID: keyID, purpose: purpose, wrappedKey: wrapped, nowMs: nowMs)
            }
            return try await records.all()
        }
        var dataKeys: [String: [UInt8]] = [:]
        var lookupKey: [UInt8] = []
        for key in stored {
            let material = try wrapper.unwrap(key.wrappedKey, keyID: key.keyID)
            switch key.purpose {
            case .data: dataKeys[key.keyID] = material
            case .lookup: lookupKey = material
            }
        }
        guard let active = stored.last(where: { $0.purpose == .data }) else { throw VaultError.invalidKeyRing }
        let vault = try CardVault(dataKeys: dataKeys, activeDataKeyID: active.keyID, lookupKey: lookupKey)
        loaded = vault
        return vault
    }

    /// Adds a new data key that seals every value from now on; older values stay readable.
    /// Returns its id. Other processes pick it up when they meet a value sealed with it.
    @discardableResult
    public func rotateDataKey() async throws -> String {
        let nowMs = clock.nowMs()
        let keyID = "data-\(nowMs)"
        let wrapped = try wrapper.wrap(CardVault.newKey(), keyID: keyID)
        try await store.withConnection { database in
            try await VaultKeyRecords(database).insertIfAbsent(
                keyID: keyID,
                purpose: .data,
                wrappedKey: wrapped,
                nowMs: nowMs
            )
        }
        try await reload()
        return keyID
    }
}
