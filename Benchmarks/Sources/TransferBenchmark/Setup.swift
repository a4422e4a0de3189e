import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore

/// Builds merchants with funded reserves and approved cardholders, through the use cases.
enum Setup {
    static func population(
        _ services: CardplaneServices,
        merchants: Int,
        cardholdersEach: Int
    ) async throws
        -> [(merchantNo: String, cardholderNo: String)]
    {
        // Runs may share a database: every run names its own deposits.
        let run = UInt64.random(in: 0...UInt64.max)
        var pairs: [(String, String)] = []
        for index in 0..<merchants {
            let merchant = try await services.administration.createMerchant(
                name: "Bench \(index)",
                mode: .creditExtension,
                ipAllowlist: []
            )
            let merchantNo = merchant.merchant.merchantNo
            _ = try await services.treasury.deposit(
                merchantNo: merchantNo,
                amountText: "100000000",
                currency: "USDT",
                chain: "TRON",
                // A TRON hash (64 hex digits) unique to this run and merchant.
                txHash: String(repeating: "0", count: 64 - "\(run)\(index)".count) + "\(run)\(index)"
            )
            for holder in 0..<cardholdersEach {
                let application = try CardholderApplication(
                    cardholderNo: nil,
                    cardholderUniqueNo: "B\(index)-\(holder)",
                    shareToken: "sim_approved_\(index)_\(holder)"
                )
                let cardholder = try await services.cardholders.apply(application, merchantNo: merchantNo)
                pairs.append((merchantNo, cardholder.cardholderNo))
            }
        }
        // Approve everyone: the worker's two steps with no delay.
        while try await services.kycWorker.runOnce() > 0 {}
        return pairs
    }
}
