public import CardplaneCore
public import CardplaneStore
import CardplaneVault
import Foundation
public import Logging
public import ServiceLifecycle

/// Delivers the outbox to merchants as signed callbacks (spec §7, §13): `Card_update` and
/// `Consumption`, each retried with backoff until the merchant acknowledges it, with the same `id`
/// on every attempt, in version order per object, and surviving restarts (the state is in the
/// `outbox_event` rows; any number of server processes may dispatch).
public struct CallbackDispatcher: Service {
    /// Timing of deliveries, milliseconds.
    public struct Settings: Sendable {
        /// Real time between scans. Default 500.
        public var pollIntervalMs: Int64
        /// Longest wait for the merchant's answer. Default 5000.
        public var requestTimeoutMs: Int64
        /// Waits after failed attempts 1, 2, …; the last repeats. Default 1 m, 5 m, 20 m, 1 h, 6 h, 24 h.
        public var backoffMs: [Int64]
        /// Events taken per scan. Default 20.
        public var batchSize: Int

        public init(
            pollIntervalMs: Int64 = 500,
            requestTimeoutMs: Int64 = 5_000,
            backoffMs: [Int64] = [60_000, 300_000, 1_200_000, 3_600_000, 21_600_000, 86_400_000],
            batchSize: Int = 20
        ) {
            precondition(pollIntervalMs > 0 && requestTimeoutMs > 0 && batchSize > 0)
            precondition(!backoffMs.isEmpty && backoffMs.allSatisfy { $0 > 0 })
            self.pollIntervalMs = pollIntervalMs
            self.requestTimeoutMs = requestTimeoutMs
            self.backoffMs = backoffMs
            self.batchSize = batchSize
        }

        /// The wait after the `attempt`-th failure (1-based).
        func backoff(afterAttempt attempt: Int) -> Int64 {
            backoffMs[min(max(attempt, 1), backoffMs.count) - 1]
        }
    }

    let store: Store
    let clock: any WallClock
    let credentials: MerchantCredentials
    let transport: any CallbackTransport
    let settings: Settings
    let ready: StartupSignal
    let logger: Logger

    public init(
        store: Store,
        clock: any WallClock,
        credentials: MerchantCredentials,
        transport: any CallbackTransport,
        settings: Settings,
        ready: StartupSignal,
        logger: Logger
    ) {
        self.store = store
        self.clock = clock
        self.credentials = credentials
        self.transport = transport
        self.settings = settings
        self.ready = ready
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await ready.wait()
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(settings.pollIntervalMs))
                guard !Task.isCancelled else { return }
                do {
                    try await runOnce()
                } catch {
                    logger.error(
                        "callback scan failed",
                        metadata: ["error": .string(String(reflecting: type(of: error)))]
                    )
                }
            }
        }
    }

    /// Attempts every event due now; returns how many attempts this call made.
    @discardableResult
    public func runOnce() async throws -> Int {
        let nowMs = clock.nowMs()
        let due = try await store.withConnection { database in
            try await OutboxRecords(database).due(nowMs: nowMs, limit: settings.batchSize)
        }
        var attempted = 0
        for delivery in due {
            guard let action = CallbackAction(eventType: delivery.event.eventType) else {
                try await store.withConnection { try await OutboxRecords($0).skip(eventID: delivery.event.eventID) }
                continue
            }
            let leaseUntilMs = nowMs + settings.requestTimeoutMs + Self.leaseMarginMs
            let claimed = try await store.withConnection { database in
                try await OutboxRecords(database).claim(
                    eventID: delivery.event.eventID,
                    expectedNextAttemptAtMs: delivery.nextAttemptAtMs,
                    leaseUntilMs: leaseUntilMs
                )
            }
            guard claimed else { continue }
            attempted += 1
            try await attempt(delivery, action: action)
        }
        return attempted
    }

    /// Time a claimed event stays with its dispatcher beyond the request timeout.
    static let leaseMarginMs: Int64 = 30_000
}
