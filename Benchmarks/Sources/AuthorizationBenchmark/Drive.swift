import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import Foundation

/// Sends authorizations with a fixed number of concurrent callers and measures each decision.
enum Drive {
    struct Result {
        var perSecond: Double
        var p50Ms: String
        var p99Ms: String
        var approved: Int
        var verified: String
    }

    static func run(_ services: CardplaneServices, cards: [String], total: Int, concurrency: Int) async throws -> Result
    {
        let run = UInt64.random(in: 0...UInt64.max)
        let merchant = MerchantInfo(merchantName: "Bench Shop", merchantMcc: "5411", city: "Austin", country: "US")
        let started = ContinuousClock.now
        let (latencies, approved) = try await withThrowingTaskGroup(of: ([Duration], Int).self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var local: [Duration] = []
                    var approved = 0
                    var generator = SystemRandomNumberGenerator()
                    for index in stride(from: worker, to: total, by: concurrency) {
                        let amount = Amount(minorUnits: Int64.random(in: 100...5_000, using: &generator), scale: 2)
                        let request = AuthorizationRequest(
                            cardNo: cards.randomElement(using: &generator)!,
                            networkTransactionID: "bench-\(run)-\(index)",
                            kind: .purchase,
                            amount: amount,
                            localAmount: amount,
                            localCurrency: "USD",
                            merchant: merchant,
                            isApplePay: false
                        )
                        let begin = ContinuousClock.now
                        if try await services.transactions.authorize(request).approved { approved += 1 }
                        local.append(ContinuousClock.now - begin)
                    }
                    return (local, approved)
                }
            }
            return try await group.reduce(into: ([Duration](), 0)) {
                $0.0 += $1.0
                $0.1 += $1.1
            }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let sorted = latencies.sorted()
        let report = try await services.treasury.verifyLedger()
        return Result(
            perSecond: Double(total) / seconds,
            p50Ms: milliseconds(sorted[sorted.count / 2]),
            p99Ms: milliseconds(sorted[min(sorted.count - 1, sorted.count * 99 / 100)]),
            approved: approved,
            verified: report.isClean ? "clean" : "DRIFT"
        )
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.2f", Double(seconds) * 1_000 + Double(attoseconds) / 1e15)
    }
}
