public import CardplaneCore
public import Logging
public import ServiceLifecycle

/// Expires stale authorizations in the background (``CardTransactions/expireHolds(limit:)``).
public struct AuthorizationExpiryWorker: Service {
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
                } catch {
                    logger.error(
                        "authorization expiry scan failed",
                        metadata: ["error": .string(String(reflecting: type(of: error)))]
                    )
                }
            }
        }
    }
}
