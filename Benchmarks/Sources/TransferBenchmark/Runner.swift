import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import Foundation

/// Runs transfers with a fixed number of concurrent callers and measures them.
enum Runner {
    struct Result {
        var perSecond: Double
        var p50Ms: String
        var p99Ms: String
        var verified: String
    }

    static func run(
        _ services: CardplaneServices,
        pairs: [(merchantNo: String, cardholderNo: String)],
        transfers: Int,
        concurrency: Int
    ) async throws -> Result {
        let run = UInt64.random(in: 0...UInt64.max)
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var local: [Duration] = []
                    var generator = SystemRandomNumberGenerator()
                    for index in stride(from: worker, to: transfers, by: concurrency) {
                        let pair = pairs.randomElement(using: &generator)!
                        let request = try TransferRequest(
                            cardholderNo: pair.cardholderNo,
                            transferUniqueNo: "bench-\(run)-\(index)",
                            type: "In",
                            balance: .string("1.00"),
                            currency: .tusdt
                        )
                        let begin = ContinuousClock.now
                        _ = try await services.accounts.transfer(request, merchantNo: pair.merchantNo)
                        local.append(ContinuousClock.now - begin)
                    }
                    return local
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }.sorted()
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let report = try await services.treasury.verifyLedger()
        return Result(
            perSecond: Double(transfers) / seconds,
            p50Ms: milliseconds(latencies[latencies.count / 2]),
            p99Ms: milliseconds(latencies[min(latencies.count - 1, latencies.count * 99 / 100)]),
            verified: report.isClean ? "clean" : "DRIFT"
        )
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.2f", Double(seconds) * 1_000 + Double(attoseconds) / 1e15)
    }
}
