import CardplaneCore
public import Logging
public import ServiceLifecycle

/// The platform's periodic work, in the background, each job in turn on every scan: expiring stale
/// authorizations, charging due management fees, failing card applications the provider never
/// answered, forgetting spent hosted-page tokens and nonces and day-old idempotency keys, counting
/// the closed hours of the merchant lists. Every job is safe to run from several server processes
/// at once (each change is a compare-and-set).
public struct HousekeepingWorker: Service {
    /// One job: a name for the log and the work.
    public struct Job: Sendable {
        public var name: String
        public var run: @Sendable () async throws -> Void

        public init(name: String, run: @escaping @Sendable () async throws -> Void) {
            self.name = name
            self.run = run
        }
    }

    let jobs: [Job]
    let pollIntervalMs: Int64
    let ready: StartupSignal
    let logger: Logger

    public init(jobs: [Job], pollIntervalMs: Int64, ready: StartupSignal, logger: Logger) {
        precondition(pollIntervalMs > 0)
        self.jobs = jobs
        self.pollIntervalMs = pollIntervalMs
        self.ready = ready
        self.logger = logger
    }

    /// The standard jobs of a server.
    public static func jobs(
        transactions: CardTransactions,
        cardIssuer: CardIssuer,
        hostedCards: HostedCardDisplay,
        idempotentRequests: IdempotentRequests,
        listCounts: ListCountRollup
    ) -> [Job] {
        [
            Job(name: "expire authorizations") { try await transactions.expireHolds() },
            Job(name: "charge management fees") { try await transactions.chargeManagementFees() },
            Job(name: "fail abandoned card applications") { try await cardIssuer.failAbandonedApplications() },
            Job(name: "purge hosted-page tokens") { try await hostedCards.purgeExpired() },
            Job(name: "forget idempotency keys") { try await idempotentRequests.purgeExpired() },
            Job(name: "count closed hours of lists") { try await listCounts.rollUp() },
        ]
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await ready.wait()
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(pollIntervalMs))
                guard !Task.isCancelled else { return }
                await runOnce()
            }
        }
    }

    /// Runs every job once; a failing job is logged and does not stop the others.
    public func runOnce() async {
        for job in jobs {
            do {
                try await job.run()
            } catch {
                logger.error(
                    "housekeeping job failed",
                    metadata: ["job": .string(job.name), "error": .string(String(reflecting: type(of: error)))]
                )
            }
        }
    }
}
