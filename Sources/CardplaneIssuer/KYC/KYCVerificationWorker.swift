public import CardplaneCore
public import CardplaneStore
public import Logging
public import ServiceLifecycle

/// Decides pending verifications in the background, from the `kyc_verification_job` table, so a
/// decision survives a restart and any number of server processes can share the work.
///
/// Each job runs in two steps: first the cardholder moves `Pending → In_progress` and the job is
/// due again after ``Settings/decisionDelayMs``; then the provider's decision is applied. Undecided
/// or unreachable, the job backs off (delay × 2^attempts, at most ``Settings/backoffMaxMs``).
public struct KYCVerificationWorker: Service {
    /// Timing of the worker; every value in milliseconds.
    public struct Settings: Sendable {
        /// Real time between scans for due jobs. Default 200.
        public var pollIntervalMs: Int64
        /// Time from In_progress to asking for the decision (spec §13: at most 2 s by default). Default 2000.
        public var decisionDelayMs: Int64
        /// How long a claimed job is left alone before another worker may take it. Default 30000.
        public var leaseMs: Int64
        /// Longest wait between two attempts on an undecided job. Default 1 hour.
        public var backoffMaxMs: Int64
        /// Jobs taken per scan. Default 20.
        public var batchSize: Int

        public init(
            pollIntervalMs: Int64 = 200,
            decisionDelayMs: Int64 = 2_000,
            leaseMs: Int64 = 30_000,
            backoffMaxMs: Int64 = 3_600_000,
            batchSize: Int = 20
        ) {
            precondition(pollIntervalMs > 0 && decisionDelayMs >= 0 && leaseMs > 0 && batchSize > 0)
            precondition(backoffMaxMs >= decisionDelayMs, "the backoff cap must not undercut the first delay")
            self.pollIntervalMs = pollIntervalMs
            self.decisionDelayMs = decisionDelayMs
            self.leaseMs = leaseMs
            self.backoffMaxMs = backoffMaxMs
            self.batchSize = batchSize
        }
    }

    let store: Store
    let provider: any KYCProvider
    let clock: any WallClock
    let settings: Settings
    let logger: Logger
    let ready: StartupSignal

    public init(
        store: Store,
        provider: any KYCProvider,
        clock: any WallClock,
        settings: Settings,
        ready: StartupSignal,
        logger: Logger
    ) {
        self.store = store
        self.provider = provider
        self.clock = clock
        self.settings = settings
        self.ready = ready
        self.logger = logger
    }

    /// Waits for the application to be ready, then scans until graceful shutdown or cancellation.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await ready.wait()
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(settings.pollIntervalMs))
                guard !Task.isCancelled else { return }
                do {
                    _ = try await runOnce()
                } catch {
                    logger.error(
                        "kyc worker scan failed",
                        metadata: ["error": .string(String(reflecting: type(of: error)))]
                    )
                }
            }
        }
    }

    /// Processes the jobs due now; returns how many this call claimed. Safe to run concurrently.
    @discardableResult
    public func runOnce() async throws -> Int {
        let nowMs = clock.nowMs()
        let jobs = try await store.withConnection { database in
            try await KYCJobRecords(database).due(nowMs: nowMs, limit: settings.batchSize)
        }
        var claimed = 0
        for job in jobs {
            let leaseUntilMs = nowMs + settings.leaseMs
            let won = try await store.withConnection { database in
                try await KYCJobRecords(database).move(
                    cardholderNo: job.cardholderNo,
                    fromDueAtMs: job.dueAtMs,
                    toDueAtMs: leaseUntilMs,
                    countsAttempt: true
                )
            }
            guard won else { continue }
            claimed += 1
            try await process(job, leaseUntilMs: leaseUntilMs)
        }
        return claimed
    }
}
