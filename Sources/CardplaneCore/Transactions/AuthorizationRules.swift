/// The checks a spend passes before the platform places a hold for it (issue #6).
///
/// Pure: the caller reads the card, its limits and its usage, and passes `today`; funds are checked
/// afterwards by the ledger's hold (``DeclineReason/insufficientFunds``), not here.
public enum AuthorizationRules {
    /// The scale of `amount` and of every limit: USD cents.
    public static let amountScale = ConsumptionLimit.scale

    /// The first reason to decline `request`, or `nil` when it may go on to the hold.
    ///
    /// Checks, in this order (the code below follows it line for line):
    /// 1. ``DeclineReason/invalidAmount``: `amount` ≤ 0 or its scale ≠ 2, or `localAmount` ≤ 0.
    /// 2. ``DeclineReason/cardDeleted``: status `Delete`.
    /// 3. ``DeclineReason/cardFrozen``: status `Frozen`.
    /// 4. ``DeclineReason/cardNotActivated``: any status other than `Activated` (`Pending`, `ToActivate`, `Fail`).
    /// 5. ``DeclineReason/cardExpired``: see ``isExpired(expiryMonth:expiryYear:today:)``.
    /// 6. ``DeclineReason/currencyNotSupported``: `localCurrency` not in `supportedCurrencies`.
    /// 7. ``DeclineReason/overSingleLimit``: `amount` > the single limit.
    /// 8. ``DeclineReason/overWeeklyLimit``: `usage.weekMinor + amount` > the weekly limit (purchases and ATM).
    /// 9. ATM only, ``DeclineReason/overATMDailyLimit``: `usage.atmDayMinor + amount` > the ATM daily limit.
    /// 10. ATM only, ``DeclineReason/overATMMonthlyLimit``: `usage.atmMonthMinor + amount` > the ATM monthly limit.
    ///
    /// Each limit is the smaller of the package's and the BIN's (``effectiveLimit(package:bin:)``).
    /// A limit of `0.00` allows no spend of that kind: it is a cap like any other, never "unlimited",
    /// so a forgotten field fails closed. Usage below zero counts as zero, and a sum that overflows is over.
    public static func decline(
        _ request: AuthorizationRequest,
        cardStatus: CardStatus,
        expiryMonth: Int,
        expiryYear: Int,
        today: CivilDate,
        supportedCurrencies: Set<String>,
        packageLimit: ConsumptionLimit?,
        binLimit: ConsumptionLimit,
        usage: SpendUsage
    ) -> DeclineReason? {
        let amount = request.amount
        guard amount.scale == amountScale, amount.minorUnits > 0, request.localAmount.minorUnits > 0 else {
            return .invalidAmount
        }
        guard cardStatus != .delete else { return .cardDeleted }
        guard cardStatus != .frozen else { return .cardFrozen }
        guard cardStatus == .activated else { return .cardNotActivated }
        guard !isExpired(expiryMonth: expiryMonth, expiryYear: expiryYear, today: today) else { return .cardExpired }
        guard supportedCurrencies.contains(request.localCurrency) else { return .currencyNotSupported }
        let limit = effectiveLimit(package: packageLimit, bin: binLimit)
        guard !exceeds(limit.limitBalance, used: 0, adding: amount) else { return .overSingleLimit }
        guard !exceeds(limit.limitWeekBalance, used: usage.weekMinor, adding: amount) else { return .overWeeklyLimit }
        guard request.kind == .atm else { return nil }
        guard !exceeds(limit.limitAtmDayBalance, used: usage.atmDayMinor, adding: amount) else {
            return .overATMDailyLimit
        }
        guard !exceeds(limit.limitAtmMonthBalance, used: usage.atmMonthMinor, adding: amount) else {
            return .overATMMonthlyLimit
        }
        return nil
    }

    /// Whether a card expiring at the end of `expiryMonth`/`expiryYear` has expired by `today`.
    ///
    /// A card is valid through the last day of its expiry month, so it is expired only when that month
    /// lies strictly before `today`'s month. An impossible month (outside 1…12) counts as expired: fail closed.
    public static func isExpired(expiryMonth: Int, expiryYear: Int, today: CivilDate) -> Bool {
        guard (1...12).contains(expiryMonth) else { return true }
        return (expiryYear, expiryMonth) < (today.year, today.month)
    }

    /// Field by field, the smaller of the package's limits and the BIN's; the BIN's alone without a package
    /// (a card applied for on a BIN, authorization mode).
    public static func effectiveLimit(package: ConsumptionLimit?, bin: ConsumptionLimit) -> ConsumptionLimit {
        guard let package else { return bin }
        return ConsumptionLimit(
            limitBalance: min(package.limitBalance, bin.limitBalance),
            limitWeekBalance: min(package.limitWeekBalance, bin.limitWeekBalance),
            limitAtmDayBalance: min(package.limitAtmDayBalance, bin.limitAtmDayBalance),
            limitAtmMonthBalance: min(package.limitAtmMonthBalance, bin.limitAtmMonthBalance)
        )
    }

    /// Whether `used + amount` goes above `limit`; negative usage counts as 0, overflow as above.
    private static func exceeds(_ limit: Amount, used: Int64, adding amount: Amount) -> Bool {
        let (total, overflow) = max(0, used).addingReportingOverflow(amount.minorUnits)
        return overflow || total > limit.minorUnits
    }
}
