public import CardplaneCore
public import CardplaneStore
public import Logging
public import ServiceLifecycle

/// Finishes the simulated production of physical cards: a card the provider accepted stays
/// `Pending` until its production time, then becomes `ToActivate` (with its `Card_update` event).
/// Each move is a compare-and-set, so several server processes may scan at once.
public struct CardProductionWorker: Service {
    let store: Store
    let clock: any WallClock
    let pollIntervalMs: Int64
    let ready: StartupSignal
    let logger: Logger

    /// Cards moved per scan.
    static let batchSize = 50

    public init(store: Store, clock: any WallClock, pollIntervalMs: Int64, ready: StartupSignal, logger: Logger) {
        precondition(pollIntervalMs > 0)
        self.store = store
        self.clock = clock
        self.pollIntervalMs = pollIntervalMs
        self.ready = ready
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await ready.wait()
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(pollIntervalMs))
                guard !Task.isCancelled else { return }
                do {
                    try await runOnce()
                } catch {
                    logger.error(
                        "card production scan failed",
                        metadata: ["error": .string(String(reflecting: type(of: error)))]
                    )
                }
            }
        }
    }

    /// Moves every card produced by now to `ToActivate`; returns how many this call moved.
    @discardableResult
    public func runOnce() async throws -> Int {
        let nowMs = clock.nowMs()
        let cards = try await store.withConnection { database in
            try await CardRecords(database).producedCards(nowMs: nowMs, limit: Self.batchSize)
        }
        var moved = 0
        for card in cards {
            let updated = try await store.withTransaction { database in
                try await CardEvents.transition(
                    card,
                    to: .toActivate,
                    reason: "card produced",
                    nowMs: nowMs,
                    in: database
                )
            }
            if updated != nil { moved += 1 }
        }
        return moved
    }
}
