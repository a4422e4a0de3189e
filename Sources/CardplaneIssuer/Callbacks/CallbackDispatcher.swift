public import CardplaneCore
public import CardplaneStore
public import CardplaneTelemetry
import CardplaneVault
import Foundation
public import Logging
import NIOConcurrencyHelpers
public import ServiceLifecycle

/// Delivers the outbox to merchants as signed callbacks (spec §7, §13): `Card_update` and
/// `Consumption`, each retried with backoff until the merchant acknowledges it or the schedule is
/// exhausted (then **dead**, until an operator replays it), with the same `id` on every attempt,
/// in version order per object, and surviving restarts (the state is in the `outbox_event` rows;
/// any number of server processes may dispatch).
///
/// Each merchant has its own **lane**: its callbacks are sent one after another, while other
/// merchants' lanes run beside it, so a merchant whose endpoint hangs until the timeout delays
/// only its own callbacks. A scan never waits for a lane; it starts lanes for merchants that have
/// none running.
public struct CallbackDispatcher: Service {
    /// Timing of deliveries, milliseconds.
    public struct Settings: Sendable {
        /// Real time between scans. Default 500.
        public var pollIntervalMs: Int64
        /// Longest wait for the merchant's answer. Default 5000.
        public var requestTimeoutMs: Int64
        /// Waits after failed attempts 1, 2, …; after the attempt that follows the last wait fails,
        /// the callback is dead. Default 1 m, 5 m, 20 m, 1 h, 6 h, 24 h (7 attempts over ~31.5 h).
        public var backoffMs: [Int64]
        /// Events of one merchant a lane takes at once. Default 10.
        public var laneBatchSize: Int
        /// Lanes (merchants being sent to) at once per process. Default 64.
        public var lanesMax: Int

        public init(
            pollIntervalMs: Int64 = 500,
            requestTimeoutMs: Int64 = 5_000,
            backoffMs: [Int64] = [60_000, 300_000, 1_200_000, 3_600_000, 21_600_000, 86_400_000],
            laneBatchSize: Int = 10,
            lanesMax: Int = 64
        ) {
            precondition(pollIntervalMs > 0 && requestTimeoutMs > 0 && laneBatchSize > 0)
            precondition(!backoffMs.isEmpty && backoffMs.allSatisfy { $0 > 0 } && lanesMax > 0)
            self.pollIntervalMs = pollIntervalMs
            self.requestTimeoutMs = requestTimeoutMs
            self.backoffMs = backoffMs
            self.laneBatchSize = laneBatchSize
            self.lanesMax = lanesMax
        }

        /// The wait after the `attempt`-th failure (1-based), or `nil` when the schedule is
        /// exhausted and the callback is dead.
        func backoff(afterAttempt attempt: Int) -> Int64? {
            attempt <= backoffMs.count ? backoffMs[max(attempt, 1) - 1] : nil
        }
    }

    let store: Store
    let clock: any WallClock
    let credentials: MerchantCredentials
    let transport: any CallbackTransport
    let settings: Settings
    let ready: StartupSignal
    let metrics: OperatorMetrics
    let logger: Logger
    /// Merchants whose lane runs in this process.
    let busyMerchants = NIOLockedValueBox(Set<String>())

    public init(
        store: Store,
        clock: any WallClock,
        credentials: MerchantCredentials,
        transport: any CallbackTransport,
        settings: Settings,
        ready: StartupSignal,
        metrics: OperatorMetrics = .disabled,
        logger: Logger
    ) {
        self.store = store
        self.clock = clock
        self.credentials = credentials
        self.transport = transport
        self.settings = settings
        self.ready = ready
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await ready.wait()
            await withDiscardingTaskGroup { lanes in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(settings.pollIntervalMs))
                    guard !Task.isCancelled else { return }
                    do {
                        for lane in try await takeLanes() { lanes.addTask { _ = await self.run(lane) } }
                    } catch {
                        logger.error(
                            "callback scan failed",
                            metadata: ["error": .string(String(reflecting: type(of: error)))]
                        )
                    }
                }
            }
        }
    }

    /// Attempts every event due now, in lanes, and waits for them; returns how many attempts it
    /// made. (The server's loop does not wait: see ``run()``.)
    @discardableResult
    public func runOnce() async throws -> Int {
        let lanes = try await takeLanes()
        return await withTaskGroup(of: Int.self) { group in
            for lane in lanes { group.addTask { await self.run(lane) } }
            return await group.reduce(0, +)
        }
    }

    /// One merchant's due events, sent in order.
    struct Lane: Sendable {
        var merchantNo: String
    }

    /// Merchants with due events and no running lane, as lanes now marked busy.
    func takeLanes() async throws -> [Lane] {
        let busy = busyMerchants.withLockedValue { $0 }
        guard busy.count < settings.lanesMax else { return [] }
        let nowMs = clock.nowMs()
        let merchants = try await store.withConnection { [settings] database in
            try await OutboxRecords(database).merchantsWithDueEvents(
                nowMs: nowMs,
                limit: settings.lanesMax - busy.count,
                excluding: busy
            )
        }
        return busyMerchants.withLockedValue { busy in
            merchants.prefix(max(0, settings.lanesMax - busy.count)).compactMap { merchantNo in
                // Another scan of this process may have taken the merchant meanwhile.
                guard busy.insert(merchantNo).inserted else { return nil }
                return Lane(merchantNo: merchantNo)
            }
        }
    }

    /// Sends a lane's due events one after another, ``Settings/laneBatchSize`` at a time; returns
    /// how many attempts it made. A full batch means a backlog: the lane takes its merchant's next
    /// due events at once rather than wait for a scan, so a backlog drains at the speed of the
    /// merchant's endpoint.
    func run(_ lane: Lane) async -> Int {
        defer { _ = busyMerchants.withLockedValue { $0.remove(lane.merchantNo) } }
        var attempted = 0
        do {
            while !Task.isCancelled {
                let nowMs = clock.nowMs()
                let deliveries = try await store.withConnection { [settings] database in
                    try await OutboxRecords(database).due(
                        merchantNo: lane.merchantNo,
                        nowMs: nowMs,
                        limit: settings.laneBatchSize
                    )
                }
                if !deliveries.isEmpty, try await callbackURL(of: lane.merchantNo) == nil {
                    attempted += try await parkWithoutURL(deliveries, merchantNo: lane.merchantNo)
                } else {
                    for delivery in deliveries {
                        if try await claimAndAttempt(delivery) { attempted += 1 }
                    }
                }
                guard deliveries.count >= settings.laneBatchSize else { break }
            }
        } catch is CancellationError {
            // Shutdown: an attempt cut short stays claimed until its lease lapses, then is retried.
        } catch {
            logger.error(
                "callback lane failed",
                metadata: [
                    "merchant_no": .string(lane.merchantNo), "error": .string(String(reflecting: type(of: error))),
                ]
            )
        }
        return attempted
    }

    /// Claims the event (unless another process did) and attempts it; whether it was attempted.
    func claimAndAttempt(_ delivery: OutboxRecords.Delivery) async throws -> Bool {
        guard let action = CallbackAction(eventType: delivery.event.eventType) else {
            try await store.withConnection { try await OutboxRecords($0).skip(eventID: delivery.event.eventID) }
            return false
        }
        let leaseUntilMs = clock.nowMs() + settings.requestTimeoutMs + Self.leaseMarginMs
        let claimed = try await store.withConnection { database in
            try await OutboxRecords(database).claim(
                eventID: delivery.event.eventID,
                expectedNextAttemptAtMs: delivery.nextAttemptAtMs,
                leaseUntilMs: leaseUntilMs
            )
        }
        guard claimed else { return false }
        try await attempt(delivery, action: action)
        return true
    }

    /// Time a claimed event stays with its dispatcher beyond the request timeout.
    static let leaseMarginMs: Int64 = 30_000
}
