public import CardplaneCore

/// The BIN and package a fresh database starts with. Test BIN 411111 (Visa), USD.
public enum DemoCatalog {
    static func usd(_ text: String) -> Amount {
        guard let amount = Amount(parsing: text, scale: 2) else { preconditionFailure("demo amount \(text)") }
        return amount
    }

    static func rate(_ text: String) -> Rate {
        guard let rate = Rate(text) else { preconditionFailure("demo rate \(text)") }
        return rate
    }

    /// The demo BIN's and packages' limits; also the default of the catalog commands.
    public static let limits = ConsumptionLimit(
        limitBalance: usd("10000.00"),
        limitWeekBalance: usd("50000.00"),
        limitAtmDayBalance: usd("1000.00"),
        limitAtmMonthBalance: usd("5000.00")
    )

    static func bin(cardBinNo: String, createdAtMs: Int64) -> CardBIN {
        CardBIN(
            cardBinNo: cardBinNo,
            bin: "411111",
            organization: .visa,
            supportsVirtual: true,
            supportsPhysical: true,
            currencies: ["USD"],
            balanceLimit: limits,
            status: .enabled,
            createdAtMs: createdAtMs
        )
    }

    /// Cards the demo merchant may issue per BIN or package.
    static let issuanceLimit: Int64 = 1_000

    static func package(packageNo: String, cardBinNo: String, type: CardType, createdAtMs: Int64) -> CardPackage {
        let virtual = type == .virtual
        return CardPackage(
            packageNo: packageNo,
            cardBinNo: cardBinNo,
            type: type,
            nameEn: virtual ? "Cardplane Virtual Classic" : "Cardplane Physical Classic",
            nameCn: virtual ? "Cardplane 经典虚拟卡" : "Cardplane 经典实体卡",
            descriptionEn: virtual
                ? "A virtual Visa card for online spending in USD."
                : "A physical Visa card, shipped to the cardholder.",
            descriptionCn: virtual ? "用于线上美元消费的 Visa 虚拟卡。" : "邮寄给持卡人的 Visa 实体卡。",
            tagsEn: virtual ? ["Online", "Apple Pay"] : ["ATM", "In store"],
            tagsCn: virtual ? ["线上消费", "Apple Pay"] : ["ATM", "线下消费"],
            consumptionLimit: limits,
            feeSchedule: fees,
            status: .enabled,
            createdAtMs: createdAtMs
        )
    }

    /// The demo packages' fees; also the default of `cardplane catalog package add`.
    public static let fees = FeeSchedule(
        consumeRate: rate("1.5"),
        openCost: usd("5.00"),
        crossConsumeRate: rate("1.0"),
        smallConsumeThreshold: usd("1.00"),
        smallConsumeDeduct: usd("0.10"),
        freeSmallConsumeCount: 3,
        freeSmallExcuseType: .day,
        freeSmallExcuseDays: 30,
        refundRate: rate("0"),
        consumeCancelFee: usd("0.50"),
        consumeCancelThreshold: usd("10.00"),
        declineFee: usd("0.50"),
        declineFeeFreeCount: 3,
        declineFeeFreeType: .day,
        declineFeeFreeDays: 30,
        atmRate: rate("2.0"),
        atmMinFee: usd("3.00"),
        applePayFee: usd("0.50"),
        manageFeeType: .monthly,
        manageFee: usd("1.00"),
        managementFeeFreeType: .none,
        freeManagementFeeThreshold: usd("0.00")
    )
}
