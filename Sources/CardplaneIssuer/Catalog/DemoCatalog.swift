import CardplaneCore

/// The BIN and package a fresh database starts with. Test BIN 411111 (Visa), USD.
enum DemoCatalog {
    static func usd(_ text: String) -> Amount {
        guard let amount = Amount(parsing: text, scale: 2) else { preconditionFailure("demo amount \(text)") }
        return amount
    }

    static func rate(_ text: String) -> Rate {
        guard let rate = Rate(text) else { preconditionFailure("demo rate \(text)") }
        return rate
    }

    static let limits = ConsumptionLimit(
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

    static func package(packageNo: String, cardBinNo: String, createdAtMs: Int64) -> CardPackage {
        CardPackage(
            packageNo: packageNo,
            cardBinNo: cardBinNo,
            type: .virtual,
            nameEn: "Cardplane Virtual Classic",
            nameCn: "Cardplane 经典虚拟卡",
            descriptionEn: "A virtual Visa card for online spending in USD.",
            descriptionCn: "用于线上美元消费的 Visa 虚拟卡。",
            tagsEn: ["Online", "Apple Pay"],
            tagsCn: ["线上消费", "Apple Pay"],
            consumptionLimit: limits,
            feeSchedule: fees,
            status: .enabled,
            createdAtMs: createdAtMs
        )
    }

    static let fees = FeeSchedule(
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
