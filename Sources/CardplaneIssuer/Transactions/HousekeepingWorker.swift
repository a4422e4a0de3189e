public import CardplaneCore
public import Logging
public import ServiceLifecycle

/// The transaction engine's periodic work, in the background: expires stale authorizations
/// (``CardTransactions/expireHolds(limit:)``) and charges management fees that fell due
/// (``CardTransactions/chargeManagementFees(batchSize:)``).
public struct HousekeepingWorker: Service {
    let transactions: CardTransactions
    let pollIntervalMs: Int64
    let ready: StartupSignal
    let logger: Logger

    public init(transactions: CardTransactions, pollIntervalMs: Int64, ready: StartupSignal, logger: Logger) {
        precondition(pollIntervalMs > 0)
        self.transactions = transactions
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
                    try await transactions.expireHolds()
                    try await transactions.chargeManagementFees()
                } catch {
                    logger.error(
                        "transaction housekeeping scan failed",
                        metadata: ["error": .string(String(reflecting: type(of: error)))]
                    )
                }
            }
        }
    }
}
