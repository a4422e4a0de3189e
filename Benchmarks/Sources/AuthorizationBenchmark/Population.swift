import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore

/// Merchants with the demo catalog, funded cardholders and one virtual card each, through the use cases.
enum CardPopulation {
    static func make(_ services: CardplaneServices, merchants: Int, cardsEach: Int) async throws -> [String] {
        try await services.catalog.createDemoCatalogIfEmpty()
        let run = UInt64.random(in: 0...UInt64.max)
        var holders: [(merchantNo: String, cardholderNo: String, packageNo: String)] = []
        for index in 0..<merchants {
            let merchant = try await services.administration.createMerchant(
                name: "Bench \(index)",
                mode: .creditExtension,
                ipAllowlist: []
            ).merchant
            try await services.catalog.assignEverything(to: merchant.merchantNo, mode: .creditExtension)
            let packageNo = try await services.catalog.packages(
                merchantNo: merchant.merchantNo,
                type: .virtual,
                packageNo: nil,
                page: PageRequest(page: 0, size: 10)
            ).rows[0].package.packageNo
            _ = try await services.treasury.deposit(
                merchantNo: merchant.merchantNo,
                amountText: "100000000",
                currency: "USDT",
                chain: "TRON",
                // A TRON hash (64 hex digits) unique to this run and merchant.
                txHash: String(repeating: "0", count: 64 - "\(run)\(index)".count) + "\(run)\(index)"
            )
            for holder in 0..<cardsEach {
                let cardholder = try await services.cardholders.apply(
                    try CardholderApplication(
                        cardholderNo: nil,
                        cardholderUniqueNo: "B\(index)-\(holder)",
                        shareToken: "sim_approved_\(index)_\(holder)"
                    ),
                    merchantNo: merchant.merchantNo
                )
                holders.append((merchant.merchantNo, cardholder.cardholderNo, packageNo))
            }
        }
        while try await services.kycWorker.runOnce() > 0 {}
        var cards: [String] = []
        for (index, holder) in holders.enumerated() {
            _ = try await services.accounts.transfer(
                try TransferRequest(
                    cardholderNo: holder.cardholderNo,
                    transferUniqueNo: "fund-\(run)-\(index)",
                    type: "In",
                    balance: .string("1000000.00"),
                    currency: .tusdt
                ),
                merchantNo: holder.merchantNo
            )
            let card = try await services.cardIssuer.apply(
                try CardApplication(
                    cardholderNo: holder.cardholderNo,
                    cardUniqueNo: "bench-\(run)-\(index)",
                    cardType: "Virtual",
                    packageNo: holder.packageNo,
                    cardBinNo: nil,
                    address: nil,
                    mode: .creditExtension
                ),
                merchantNo: holder.merchantNo
            )
            cards.append(card.cardNo)
        }
        return cards
    }
}
