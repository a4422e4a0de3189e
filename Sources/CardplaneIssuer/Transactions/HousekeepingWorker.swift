public import CardplaneCore
public import Logging
public import ServiceLifecycle

/// The transaction engine's periodic work, in the background: expires stale authorizations
/// (``CardTransactions/expireHolds(limit:)``) and charges management fees that fell due
/// (``CardTransactions/chargeManagementFees(batchSize:)``), and forgets spent hosted-page tokens and
/// nonces (``HostedCardDisplay/purgeExpired()``).
public struct HousekeepingWorker: Service {
    let transactions: CardTransactions
    let hostedCards: HostedCardDisplay
    let pollIntervalMs: Int64
    let ready: StartupSignal
    let logger: Logger

    public init(
        transactions: CardTransactions,
        hostedCards: HostedCardDisplay,
        pollIntervalMs: Int64,
        ready: StartupSignal,
        logger: Logger
    ) {
        precondition(pollIntervalMs > 0)
        self.transactions = transactions
        self.hostedCards = hostedCards
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
                    try await hostedCards.purgeExpired()
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
