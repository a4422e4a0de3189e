import CardplaneCore
import CardplaneStore

/// What the auth chain reads on every request, kept per process: Api-Key digest → key and merchant
/// (with its status and allowlist), Access-Token digest → key id and expiry. Both belong to the
/// store's cache generation, which every change to a merchant, an allowlist or a key moves, from
/// any process (``GenerationCache``, ADR 0012).
struct CredentialCache: Sendable {
    /// A key and its merchant (`nil` only if the row were missing, which the foreign key prevents).
    struct KeyEntry: Sendable {
        var key: APIKey
        var merchant: Merchant?
    }

    private let store: Store
    private let keys: GenerationCache<KeyEntry>
    private let tokens: GenerationCache<AccessTokenRecords.Token>

    init(store: Store, generation: CacheGeneration) {
        self.store = store
        self.keys = GenerationCache(generation: generation)
        self.tokens = GenerationCache(generation: generation)
    }

    /// The key whose Api-Key hashes to `digest`, and its merchant; `nil` for an unknown key.
    func key(digest: String) async throws -> KeyEntry? {
        let store = self.store
        return try await keys.value(for: digest) {
            try await store.withReader { database -> KeyEntry? in
                guard let key = try await APIKeyRecords(database).key(digest: digest) else { return nil }
                return KeyEntry(key: key, merchant: try await MerchantRecords(database).merchant(no: key.merchantNo))
            }
        }
    }

    /// The Access-Token whose digest is `digest`; `nil` for an unknown one.
    func token(digest: String) async throws -> AccessTokenRecords.Token? {
        let store = self.store
        return try await tokens.value(for: digest) {
            try await store.withReader { try await AccessTokenRecords($0).token(digest: digest) }
        }
    }
}
