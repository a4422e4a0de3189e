public import CardplaneStore
import NIOConcurrencyHelpers

/// The store's cache generation (``Store/cacheGeneration()``) read once per request: every cache
/// the request consults uses the same reading, so a request costs one generation read on SQLite
/// however many caches it touches. ADR 0012.
public struct CacheGeneration: Sendable {
    /// The reading of the request running in this task: `nil` outside ``scope(_:)``; `.some(nil)`
    /// when the store could not tell (nothing may be served from a cache then).
    @TaskLocal static var reading: Int64?? = nil

    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Reads the generation now and runs `body` with that reading.
    public func scope<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        let generation = await store.cacheGeneration()
        return try await Self.$reading.withValue(.some(generation)) { try await body() }
    }

    /// The request's reading, or a fresh one outside a request (workers, commands).
    func current() async -> Int64? {
        if let reading = Self.reading { return reading }
        return await store.cacheGeneration()
    }
}

/// Rows that rarely change, kept per process by key, each entry belonging to the cache generation
/// it was read under. When the generation moves, the cache empties; an entry of another generation
/// is never served; while the generation is unknown nothing is cached. ADR 0012.
final class GenerationCache<Value: Sendable>: Sendable {
    /// Entries kept at most; past that the cache starts over (a flood of distinct keys must not grow
    /// memory without bound).
    let entriesMax: Int

    private struct State {
        var generation: Int64?
        var entries: [String: Value] = [:]
    }

    private let generation: CacheGeneration
    private let state = NIOLockedValueBox(State())

    init(generation: CacheGeneration, entriesMax: Int = 50_000) {
        self.generation = generation
        self.entriesMax = entriesMax
    }

    /// The value for `key`: cached when the generation allows, else loaded and kept if the
    /// generation did not move meanwhile. `nil` (not found) is not kept: a new row must be seen at
    /// once.
    func value(for key: String, load: @Sendable () async throws -> Value?) async throws -> Value? {
        guard let current = await generation.current() else { return try await load() }
        let hit = state.withLockedValue { state -> Value? in
            if state.generation != current {
                state.generation = current
                state.entries.removeAll(keepingCapacity: true)
            }
            return state.entries[key]
        }
        if let hit { return hit }
        // The entry belongs to the generation read before the rows were: a change landing between
        // the two leaves an entry the next request's newer generation drops.
        guard let loaded = try await load() else { return nil }
        state.withLockedValue { state in
            guard state.generation == current else { return }
            if state.entries.count >= entriesMax { state.entries.removeAll() }
            state.entries[key] = loaded
        }
        return loaded
    }
}
