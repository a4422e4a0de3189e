/// Why a spend was declined. Stored with the failed consumption; its ``text`` is the `remark`.
public enum DeclineReason: String, Sendable, CaseIterable, Codable {
    /// The card is `Pending`, `ToActivate` or `Fail`: not usable yet, or never.
    case cardNotActivated
    case cardFrozen
    case cardDeleted
    /// Past the end of its expiry month.
    case cardExpired
    /// The merchant's currency is one the platform cannot settle.
    case currencyNotSupported
    /// Above the largest single spend (`limit_balance`).
    case overSingleLimit
    /// Above the weekly total (`limit_week_balance`), purchases and ATM together.
    case overWeeklyLimit
    /// Above the ATM total of the day (`limit_atm_day_balance`).
    case overATMDailyLimit
    /// Above the ATM total of the month (`limit_atm_month_balance`).
    case overATMMonthlyLimit
    /// The cardholder's account cannot cover amount plus fees (decided by the ledger's hold).
    case insufficientFunds
    /// The merchant answered the `Auth` webhook with `code ≠ 0` (authorization mode).
    case merchantDeclined
    /// The merchant did not answer the `Auth` webhook in time (authorization mode, spec §13: 800 ms).
    case merchantTimeout
    /// Zero, negative, or not at the card currency's scale.
    case invalidAmount
    /// The card's merchant is disabled or closed by an operator: its program takes no spend.
    case merchantSuspended

    /// Short English text stored as the consumption's `remark` (e.g. `"card frozen"`).
    public var text: String {
        switch self {
        case .cardNotActivated: return "card not activated"
        case .cardFrozen: return "card frozen"
        case .cardDeleted: return "card deleted"
        case .cardExpired: return "card expired"
        case .currencyNotSupported: return "currency not supported"
        case .overSingleLimit: return "over single transaction limit"
        case .overWeeklyLimit: return "over weekly limit"
        case .overATMDailyLimit: return "over ATM daily limit"
        case .overATMMonthlyLimit: return "over ATM monthly limit"
        case .insufficientFunds: return "insufficient funds"
        case .merchantDeclined: return "declined by merchant"
        case .merchantTimeout: return "merchant authorization timeout"
        case .invalidAmount: return "invalid amount"
        case .merchantSuspended: return "card program suspended"
        }
    }

    /// Whether a decline for this reason may cost the cardholder a `Decline_fee`.
    ///
    /// Our decision: only declines the cardholder causes by spending — insufficient funds and the four
    /// limits. A card's status or expiry, an unsupported currency, a malformed request and the merchant's
    /// own answer or silence are not the cardholder's spend, so they never cost a fee.
    public var incursDeclineFee: Bool {
        switch self {
        case .insufficientFunds, .overSingleLimit, .overWeeklyLimit, .overATMDailyLimit, .overATMMonthlyLimit:
            return true
        case .cardNotActivated, .cardFrozen, .cardDeleted, .cardExpired, .currencyNotSupported, .merchantDeclined,
            .merchantTimeout, .invalidAmount, .merchantSuspended:
            return false
        }
    }
}
