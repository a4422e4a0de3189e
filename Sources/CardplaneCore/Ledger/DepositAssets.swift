/// The stablecoins merchants fund their reserve with, and the chains each travels on (spec §13).
/// Every supported deposit is credited 1:1 into the merchant's TUSDT reserve.
public struct DepositAssets: Sendable, Equatable {
    /// Currency code → chains, e.g. `USDT` → `[TRON, ETH, BSC]`.
    public let chainsByCurrency: [String: [String]]

    public init(chainsByCurrency: [String: [String]]) {
        self.chainsByCurrency = chainsByCurrency
    }

    /// USDT on TRON (TRC20), ETH (ERC20) and BSC (BEP20); USDC on ETH and SOL.
    public static let standard = DepositAssets(chainsByCurrency: [
        "USDT": ["TRON", "ETH", "BSC"], "USDC": ["ETH", "SOL"],
    ])

    /// Parses `USDT:TRON,ETH,BSC;USDC:ETH,SOL`; `nil` when malformed.
    public init?(configuration text: String) {
        var result: [String: [String]] = [:]
        for part in text.split(separator: ";") {
            let sides = part.split(separator: ":")
            guard sides.count == 2 else { return nil }
            let currency = String(sides[0]).uppercased()
            let chains = sides[1].split(separator: ",").map { String($0).uppercased() }
            guard !currency.isEmpty, !chains.isEmpty else { return nil }
            result[currency] = chains
        }
        guard !result.isEmpty else { return nil }
        self.chainsByCurrency = result
    }

    /// Checks a deposit's currency and chain: 3001 for a currency we do not take, 3003 for a chain
    /// that does not carry it.
    public func validate(currency: String, chain: String) throws {
        guard let chains = chainsByCurrency[currency.uppercased()] else { throw CardplaneError(.currencyNotSupported) }
        guard chains.contains(chain.uppercased()) else { throw CardplaneError(.currencyChainMismatch) }
    }
}
