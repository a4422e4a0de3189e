import CardplaneCore
import CardplaneStore
import NIOConcurrencyHelpers

/// What the auth chain reads on every request, kept per process: Api-Key digest → key and merchant
/// (with its status and allowlist), Access-Token digest → key id and expiry.
///
/// Every entry belongs to the store's credential generation (``Store/credentialGeneration()``) it
/// was read under. A change to a merchant, an allowlist or a key, by any process, moves the
/// generation, and an entry of another generation is never served: the next request reads fresh.
/// While the store cannot tell the generation (PostgreSQL's listener is down) nothing is cached.
/// ADR 0012.
final class CredentialCache: Sendable {
    /// Entries kept at most per map; past that the map starts over (a flood of unknown keys must
    /// not grow memory without bound).
    static let entriesMax = 50_000

    private struct State {
        var generation: Int64?
        var keys: [String: KeyEntry] = [:]
        var tokens: [String: AccessTokenRecords.Token] = [:]

        /// Empties the maps when the generation moved.
        mutating func align(to current: Int64) {
            guard generation != current else { return }
            generation = current
            keys.removeAll(keepingCapacity: true)
            tokens.removeAll(keepingCapacity: true)
        }
    }

    /// A key and its merchant (`nil` only if the row were missing, which the foreign key prevents).
    struct KeyEntry: Sendable {
        var key: APIKey
        var merchant: Merchant?
    }

    private let store: Store
    private let state = NIOLockedValueBox(State())

    init(store: Store) {
        self.store = store
    }

    /// The key whose Api-Key hashes to `digest`, and its merchant; `nil` for an unknown key.
    func key(digest: String) async throws -> KeyEntry? {
        try await cached(\.keys, digest) {
            try await self.store.withReader { database -> KeyEntry? in
                guard let key = try await APIKeyRecords(database).key(digest: digest) else { return nil }
                return KeyEntry(key: key, merchant: try await MerchantRecords(database).merchant(no: key.merchantNo))
            }
        }
    }

    /// The Access-Token whose digest is `digest`; `nil` for an unknown one.
    func token(digest: String) async throws -> AccessTokenRecords.Token? {
        try await cached(\.tokens, digest) {
            try await self.store.withReader { try await AccessTokenRecords($0).token(digest: digest) }
        }
    }

    /// Serves `key` from `map` when the generation allows, else loads it and keeps it if the
    /// generation did not move meanwhile. Unknown keys are not kept: a new key must work at once.
    private func cached<Value: Sendable>(
        _ map: WritableKeyPath<State, [String: Value]>,
        _ key: String,
        load: @Sendable () async throws -> Value?
    ) async throws -> Value? {
        guard let generation = await store.credentialGeneration() else { return try await load() }
        let hit = state.withLockedValue { state -> Value? in
            state.align(to: generation)
            return state[keyPath: map][key]
        }
        if let hit { return hit }
        guard let loaded = try await load() else { return nil }
        state.withLockedValue { state in
            guard state.generation == generation else { return }
            if state[keyPath: map].count >= Self.entriesMax { state[keyPath: map].removeAll() }
            state[keyPath: map][key] = loaded
        }
        return loaded
    }
}
