import CardplaneCore
import Testing

/// The suites of issue #6 (card transactions), grouped so `swift test --filter Transactions` runs them.
@Suite enum Transactions {
    /// An amount from its decimal text at scale 2 (USD cents); traps on a typo in a test table.
    static func usd(_ text: String) -> Amount {
        guard let amount = Amount(parsing: text.hasPrefix("-") ? String(text.dropFirst()) : text, scale: 2) else {
            preconditionFailure("bad amount \(text) in a test table")
        }
        return text.hasPrefix("-") ? Amount(minorUnits: -amount.minorUnits, scale: 2) : amount
    }

    static func rate(_ text: String) -> Rate {
        guard let rate = Rate(text) else { preconditionFailure("bad rate \(text) in a test table") }
        return rate
    }

    static let shop = MerchantInfo(merchantName: "Corner Shop", merchantMcc: "5411", city: "Austin", country: "US")

    /// A spend of `amount` USD; the local amount is the same number in `currency`.
    static func request(
        _ kind: SpendKind = .purchase,
        _ amount: String,
        currency: String = "USD",
        applePay: Bool = false
    ) -> AuthorizationRequest {
        AuthorizationRequest(
            cardNo: "C1",
            networkTransactionID: "N1",
            kind: kind,
            amount: usd(amount),
            localAmount: usd(amount),
            localCurrency: currency,
            merchant: shop,
            isApplePay: applePay
        )
    }

    /// Round numbers that make each fee easy to see in a table.
    static let schedule = FeeSchedule(
        consumeRate: rate("1.5"),
        openCost: usd("5.00"),
        crossConsumeRate: rate("1"),
        smallConsumeThreshold: usd("1.00"),
        smallConsumeDeduct: usd("0.10"),
        freeSmallConsumeCount: 3,
        freeSmallExcuseType: .day,
        freeSmallExcuseDays: 30,
        refundRate: rate("0.5"),
        consumeCancelFee: usd("0.50"),
        consumeCancelThreshold: usd("10.00"),
        declineFee: usd("0.50"),
        declineFeeFreeCount: 3,
        declineFeeFreeType: .day,
        declineFeeFreeDays: 30,
        atmRate: rate("2"),
        atmMinFee: usd("3.00"),
        applePayFee: usd("0.50"),
        manageFeeType: .monthly,
        manageFee: usd("1.00"),
        managementFeeFreeType: .none,
        freeManagementFeeThreshold: usd("0.00")
    )

    /// Fee items written compactly in tables: `[(.consumeFee, "1.50")]`.
    static func fees(_ items: [(FeeType, String)]) -> [FeeItem] {
        items.map { FeeItem(type: $0.0, amount: usd($0.1)) }
    }
}
