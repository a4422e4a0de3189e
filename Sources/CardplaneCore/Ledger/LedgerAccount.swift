/// An account of the double-entry ledger.
///
/// Balances are signed sums of postings. Accounts of merchants and cardholders hold what the
/// platform owes them, so they may not go below zero; platform accounts are the other side of
/// money entering or leaving the system and may. Available = balance − held.
public struct LedgerAccount: Sendable, Equatable {
    /// Stable identifier derived from the owner, e.g. `merchant:M2026…:TUSDT`.
    public var accountID: String
    public var owner: Owner
    public var currency: String
    public var balanceMinor: Int64
    /// Sum of pending holds; never negative.
    public var heldMinor: Int64
    public var allowsNegative: Bool

    public init(
        accountID: String,
        owner: Owner,
        currency: String,
        balanceMinor: Int64,
        heldMinor: Int64,
        allowsNegative: Bool
    ) {
        self.accountID = accountID
        self.owner = owner
        self.currency = currency
        self.balanceMinor = balanceMinor
        self.heldMinor = heldMinor
        self.allowsNegative = allowsNegative
    }

    /// Balance less pending holds: what a debit may take.
    public var availableMinor: Int64 { balanceMinor - heldMinor }

    /// Who an account belongs to.
    public enum Owner: Sendable, Hashable {
        /// A merchant's reserve (credit extension) or prefunded balance.
        case merchant(String)
        /// A cardholder's account (credit extension).
        case cardholder(String)
        /// The platform's side of money entering or leaving, named by purpose, e.g. `deposits:USDT:TRON`.
        case platform(String)

        public var type: String {
            switch self {
            case .merchant: return "merchant"
            case .cardholder: return "cardholder"
            case .platform: return "platform"
            }
        }

        public var number: String {
            switch self {
            case .merchant(let number), .cardholder(let number), .platform(let number): return number
            }
        }

        /// Only platform accounts may go negative.
        public var allowsNegative: Bool {
            switch self {
            case .platform: return true
            case .merchant, .cardholder: return false
            }
        }
    }

    /// The identifier of `owner`'s account in `currency`.
    public static func id(of owner: Owner, currency: String) -> String {
        "\(owner.type):\(owner.number):\(currency)"
    }
}
