import CardplaneCore
import CardplaneStore
import CardplaneVault
import SQLKit

extension CardTransactions {
    /// Everything a decision about one card needs, read before the decision.
    struct CardContext: Sendable {
        var card: Card
        var mode: IntegrationMode
        /// Whether the card's merchant may take spend (an operator can disable or close it).
        var merchantEnabled: Bool
        var bin: CardBIN
        var package: CardPackage?
        var expiryMonth: Int
        var expiryYear: Int
        /// Fees of the card's package; `nil` for BIN cards (authorization merchants price their own).
        var calculator: FeeCalculator?
        var supportedCurrencies: Set<String>

        /// The first reason the card's rules decline `request` with `usage` already spent, or `nil`.
        func declineReason(for request: AuthorizationRequest, usage: SpendUsage, nowMs: Int64) -> DeclineReason? {
            AuthorizationRules.decline(
                request,
                cardStatus: card.status,
                expiryMonth: expiryMonth,
                expiryYear: expiryYear,
                today: CivilDate(unixDays: nowMs / 86_400_000),
                supportedCurrencies: supportedCurrencies,
                packageLimit: package?.consumptionLimit,
                binLimit: bin.balanceLimit,
                usage: usage
            )
        }

        /// The account the card spends from.
        var payer: LedgerAccount.Owner {
            mode == .creditExtension ? .cardholder(card.cardholderNo) : .merchant(card.merchantNo)
        }
    }

    /// The card, its merchant's mode, BIN, package and expiry: kept per process while the store's
    /// cache generation stands (every change to a card, merchant, package or BIN moves it; ADR 0012),
    /// else read.
    ///
    /// - Throws: ``TransactionError/unknownCard``.
    func loadContext(cardNo: String) async throws -> CardContext {
        guard let context = try await contexts.value(for: cardNo, load: { try await readContext(cardNo: cardNo) })
        else { throw TransactionError.unknownCard }
        return context
    }

    /// Reads the card, its merchant's mode, BIN, package and expiry; `nil` for an unknown card.
    private func readContext(cardNo: String) async throws -> CardContext? {
        let loaded = try await store.withReader { database -> (Card, Merchant, CardBIN, CardPackage?)? in
            guard let card = try await CardRecords(database).card(no: cardNo),
                let merchant = try await MerchantRecords(database).merchant(no: card.merchantNo),
                let bin = try await CatalogRecords(database).bin(no: card.cardBinNo)
            else { return nil }
            let package = try await card.packageNo.asyncMap { try await CatalogRecords(database).package(no: $0) }
            return (card, merchant, bin, package??.package)
        }
        guard let (card, merchant, bin, package) = loaded else { return nil }
        let (month, year) = try await expiry(of: card)
        return CardContext(
            card: card,
            mode: merchant.mode,
            merchantEnabled: merchant.status == .enabled,
            bin: bin,
            package: package,
            expiryMonth: month,
            expiryYear: year,
            calculator: package.map { FeeCalculator(schedule: $0.feeSchedule) },
            supportedCurrencies: Set(bin.currencies).union(ExchangeRates.simulatorDefault.currencies)
        )
    }

    /// The card's expiry month and year, from the vault (0, 0 when the card has none: a failed one).
    func expiry(of card: Card) async throws -> (Int, Int) {
        let sealed = try await store.withReader { try await CardSecretRecords($0).sealed(cardNo: card.cardNo) }
        guard let sealedExpiry = sealed?.expiry else { return (0, 0) }
        var vault = try await vaultKeys.vault()
        let text: String
        do {
            text = try vault.open(sealedExpiry, field: .expiry, cardNo: card.cardNo).reveal()
        } catch {
            vault = try await vaultKeys.reload()
            text = try vault.open(sealedExpiry, field: .expiry, cardNo: card.cardNo).reveal()
        }
        let parts = text.split(separator: "/").compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : (0, 0)
    }

    /// Each card's spend in the rolling last 7 days, ATM spend today and this month (UTC), by card number.
    static func spendUsage(
        cardNos: Set<String>,
        nowMs: Int64,
        in database: any SQLDatabase
    ) async throws -> [String: SpendUsage] {
        let today = CivilDate(unixDays: nowMs / 86_400_000)
        let dayStartMs = today.unixDays * 86_400_000
        let monthStartMs = CivilDate(year: today.year, month: today.month, day: 1).unixDays * 86_400_000
        return try await ConsumptionRecords(database).usage(
            cardNos: cardNos,
            weekStartMs: nowMs - 7 * 86_400_000,
            dayStartMs: dayStartMs,
            monthStartMs: monthStartMs
        )
    }

    /// How much of the small-amount and decline allowances the card used in their current periods.
    func allowanceUsage(_ context: CardContext, nowMs: Int64) async throws -> FreeAllowanceUsage {
        try await store.withReader { try await Self.allowanceUsage(context, nowMs: nowMs, in: $0) }
    }

    /// How much of the small-amount and decline allowances the card used, read on `database`.
    static func allowanceUsage(
        _ context: CardContext,
        nowMs: Int64,
        in database: any SQLDatabase
    ) async throws -> FreeAllowanceUsage {
        guard let schedule = context.package?.feeSchedule else { return FreeAllowanceUsage() }
        return try await ConsumptionRecords(database).allowanceUsage(
            cardNo: context.card.cardNo,
            smallThresholdMinor: schedule.smallConsumeThreshold.minorUnits,
            smallSinceMs: context.allowanceStartMs(schedule.freeSmallExcuseType, schedule.freeSmallExcuseDays, nowMs),
            declineSinceMs: context.allowanceStartMs(schedule.declineFeeFreeType, schedule.declineFeeFreeDays, nowMs),
            chargeableReasons: DeclineReason.allCases.filter(\.incursDeclineFee).map(\.rawValue)
        )
    }
}

extension CardTransactions.CardContext {
    /// When the card's current window of a free allowance of `type` (`days` long) began, in ms;
    /// `nil` when the allowance has no window (`None`: nothing is free).
    func allowanceStartMs(_ type: ExemptionType, _ days: Int, _ nowMs: Int64) -> Int64? {
        switch type {
        case .none: return nil
        case .forever: return 0
        case .day:
            return FeeCalculator.allowanceWindowStart(
                type: type,
                days: days,
                cardCreatedOn: CivilDate(unixDays: card.createdAtMs / 86_400_000),
                today: CivilDate(unixDays: nowMs / 86_400_000)
            )
            .map { $0.unixDays * 86_400_000 }
        }
    }

    /// The window in which `request`'s small purchase counts against the card's free small
    /// purchases, or `nil` when it is not a small purchase or nothing is free.
    func smallPurchaseWindow(for request: AuthorizationRequest, nowMs: Int64) -> ConsumptionRecords.SmallPurchaseWindow?
    {
        guard let calculator, calculator.isSmallPurchase(request),
            let sinceMs = allowanceStartMs(
                calculator.schedule.freeSmallExcuseType,
                calculator.schedule.freeSmallExcuseDays,
                nowMs
            )
        else { return nil }
        return .init(
            cardNo: card.cardNo,
            sinceMs: sinceMs,
            thresholdMinor: calculator.schedule.smallConsumeThreshold.minorUnits
        )
    }
}
