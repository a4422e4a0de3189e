import Logging
import NIOConcurrencyHelpers
import PostgresKit
import PostgresNIO
import SQLKit

/// A PostgreSQL server's ear for changes to the rows the edge caches (ADR 0012): one pooled
/// connection `LISTEN`s to `cardplane_cache`, which migration 8's triggers notify on every change
/// (migration 17), and the generation it last read is the store's reading while its lease holds —
/// no read per round of requests.
///
/// A notification arrives after the writer's commit returned, so hearing alone could let the next
/// request in before the news. The listener therefore keeps a row in `cache_listener`: the
/// generation it has seen and a lease (database clock). A writer of cached rows, after its commit,
/// waits until no listener with a lease is behind (``awaitListeners(on:)``): whoever
/// made a change hears back only when every listening server has it. A listener trusts its own
/// reading only until a margin before its lease ends, so a writer that stops waiting for a lease
/// that ran out never leaves a server answering from the old cache. Anything that stops the
/// listener — a dropped connection, a renewal that fails or comes late — makes ``generation``
/// `nil`, and the store reads the generation per round again until the listener is back.
final class CacheChangeListener: Sendable {
    static let channel = "cardplane_cache"
    /// How long a listener's row holds writers to waiting for it, from the renewal (database clock).
    static let leaseMs: Int64 = 1_000
    /// How often the listener renews its lease, reading the generation again as it does.
    static let renewalInterval: Duration = .milliseconds(250)
    /// How much sooner than the database the listener itself stops trusting a renewal.
    static let trustMarginMs: Int64 = 250
    /// Rows of listeners whose lease ended this long ago are deleted when a listener starts.
    static let abandonedAfterMs: Int64 = 3_600_000
    /// The database's clock in Unix milliseconds, as SQL: leases are granted and checked by it alone.
    static let databaseNowMs: SQLQueryString = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"

    private struct State {
        var generation: Int64 = 0
        var trustedUntil: ContinuousClock.Instant?
        /// Set once the pool has stopped: nothing is listened through it again.
        var isStopped = false
    }

    /// This process's row in `cache_listener`.
    let listenerID = "listener-" + String(UInt64.random(in: .min ... .max), radix: 16)
    private let state = NIOLockedValueBox(State())
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// The generation last read, while the listener is established and its lease current; `nil`
    /// otherwise.
    var generation: Int64? {
        let now = ContinuousClock.now
        return state.withLockedValue { state in
            guard let trustedUntil = state.trustedUntil, now < trustedUntil else { return nil }
            return state.generation
        }
    }

    /// Ends listening for good (the pool it listens through has stopped).
    func stop() {
        state.withLockedValue {
            $0.isStopped = true
            $0.trustedUntil = nil
        }
    }

    /// Listens until cancelled or stopped, starting over after a failure.
    func listen(through client: PostgresClient) async {
        while !Task.isCancelled && !state.withLockedValue({ $0.isStopped }) {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        try await self.serve(notifications, on: connection.sql(queryLogLevel: nil))
                    }
                }
            } catch {
                let wasTrusted = state.withLockedValue { state in
                    defer { state.trustedUntil = nil }
                    return state.trustedUntil != nil
                }
                // At shutdown the pool closes under the listener just before this task is
                // cancelled: wait first, and only a listener still wanted afterwards is news. Before
                // the first success (a server starting on a database not migrated yet) it is not.
                do { try await Task.sleep(for: .milliseconds(250)) } catch { return }
                logger.log(
                    level: wasTrusted ? .warning : .debug,
                    "cache change listener lost; reading the cache generation per request until it is back",
                    metadata: ["error": .string(String(reflecting: type(of: error)))]
                )
            }
        }
    }

    /// Renews on every notification and on the timer, until either fails or the task is cancelled.
    private func serve(_ notifications: PostgresNotificationSequence, on database: any SQLDatabase) async throws {
        try await database.raw(
            """
            DELETE FROM cache_listener
            WHERE lease_until_ms < \(Self.databaseNowMs) - \(literal: Self.abandonedAfterMs)
            """
        ).run()
        try await renew(database)
        // Notifications and the timer ask for a renewal; asks that arrive while one runs make one
        // more, not one each (a burst of card issuance notifies once per card).
        let (asks, ask) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        defer { ask.finish() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await _ in notifications { ask.yield() }
                throw ListenerEnded()
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: Self.renewalInterval)
                    ask.yield()
                }
            }
            group.addTask {
                for await _ in asks { try await self.renew(database) }
                throw ListenerEnded()
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private struct ListenerEnded: Error {}

    /// Reads the generation, takes it as this process's, acknowledges it with a new lease, and
    /// trusts it only when a second read after the acknowledgement finds it unchanged: a writer
    /// that committed before the acknowledgement became visible may not have waited for this
    /// listener, and the second read sees its change. A moved generation goes round again.
    private func renew(_ database: any SQLDatabase) async throws {
        var generation = try await Self.read(database)
        while true {
            state.withLockedValue { $0.generation = max($0.generation, generation) }
            let sent = ContinuousClock.now
            try await database.raw(
                """
                INSERT INTO cache_listener (listener_id, seen_generation, lease_until_ms)
                VALUES (\(bind: listenerID), \(bind: generation), \(Self.databaseNowMs) + \(literal: Self.leaseMs))
                ON CONFLICT (listener_id) DO UPDATE SET seen_generation = EXCLUDED.seen_generation,
                    lease_until_ms = EXCLUDED.lease_until_ms
                """
            ).run()
            let confirmed = try await Self.read(database)
            if confirmed == generation {
                let trustedUntil = sent + .milliseconds(Self.leaseMs - Self.trustMarginMs)
                state.withLockedValue { if !$0.isStopped { $0.trustedUntil = trustedUntil } }
                return
            }
            generation = confirmed
        }
    }

    private static func read(_ database: any SQLDatabase) async throws -> Int64 {
        try await database.raw("SELECT value FROM change_generation WHERE topic = 'cache'").first()?
            .decode(column: "value", as: Int64.self) ?? 0
    }

    /// Returns once no listener with a current lease has seen less than the generation as it is now:
    /// every listening server has every change committed before this call. A listener behind can
    /// only hold a lease from before the change, so the wait ends within about one lease; it is
    /// given up after 10 s, or when the database fails to answer or the task is cancelled (the
    /// change is committed either way; listeners then hear of it by notification or renewal).
    static func awaitListeners(on database: any SQLDatabase) async {
        let started = ContinuousClock.now
        do {
            let generation = try await read(database)
            while started.duration(to: .now) < .seconds(10) {
                let behind =
                    try await database.raw(
                        """
                        SELECT COUNT(*) AS behind FROM cache_listener
                        WHERE seen_generation < \(bind: generation) AND lease_until_ms > \(databaseNowMs)
                        """
                    ).first()?.decode(column: "behind", as: Int64.self) ?? 0
                if behind == 0 { return }
                try await Task.sleep(for: .milliseconds(1))
            }
            database.logger.warning("cache listeners did not confirm a change within 10 s")
        } catch {
            database.logger.warning(
                "could not wait for cache listeners to confirm a change",
                metadata: ["error": .string(String(reflecting: type(of: error)))]
            )
        }
    }
}
