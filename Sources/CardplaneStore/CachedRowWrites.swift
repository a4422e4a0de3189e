import NIOConcurrencyHelpers

/// Writes to the rows the edge caches — merchants, their IP allowlists, API keys, cards, packages,
/// BINs (migration 8's triggers) — noted by the records that make them, so that the store, once
/// such a write is committed, waits until every server listening for cache changes has seen it
/// (ADR 0012). Then whoever made the change — the CLI revoking a key, a request freezing a card —
/// hears back only when no server can still answer from what it had cached before.
enum CachedRowWrites {
    /// Whether the store call running in this task wrote a cached row.
    final class Mark: Sendable {
        private let wrote = NIOLockedValueBox(false)

        var isSet: Bool { wrote.withLockedValue { $0 } }

        func set() { wrote.withLockedValue { $0 = true } }
    }

    /// The mark of the store call running in this task; `nil` outside one.
    @TaskLocal static var current: Mark?

    /// Notes that the statement just run changed rows the edge caches. Every record writing one of
    /// migration 8's `cachedTables` calls it.
    static func noteWrite() {
        current?.set()
    }
}
