/// Journal entries and holds applied one after another to balances read once, under lock, for a
/// whole batch (the ledger's group commit, ADR 0013).
///
/// Each entry or hold applies whole or is refused whole, and is checked against the balances the
/// ones before it left — the same rule as applying it alone: neither a debit nor a hold may take an
/// account that may not go negative below an available balance (balance − held) of zero. Pure: the
/// store reads the balances and writes ``changes`` back in the batch's transaction.
public struct LedgerBatch: Sendable {
    /// What the batch knows of one account.
    public struct Balance: Sendable, Equatable {
        public var balanceMinor: Int64
        public var heldMinor: Int64
        public var allowsNegative: Bool

        public init(balanceMinor: Int64, heldMinor: Int64, allowsNegative: Bool) {
            self.balanceMinor = balanceMinor
            self.heldMinor = heldMinor
            self.allowsNegative = allowsNegative
        }

        /// Balance less open holds: what the owner may spend, and what the API shows as `balance`.
        public var availableMinor: Int64 { balanceMinor - heldMinor }

        /// Whether moving `amountMinor` (signed) onto this account keeps it within its rule.
        func admits(_ amountMinor: Int64) -> Bool {
            allowsNegative || availableMinor + amountMinor >= 0
        }
    }

    public private(set) var balances: [String: Balance]
    private var deltas: [String: (balanceMinor: Int64, heldMinor: Int64)] = [:]

    /// A batch over `balances`: every account an entry of the batch touches must be among them.
    public init(balances: [String: Balance]) {
        self.balances = balances
    }

    /// Applies `entry`, or refuses it and leaves every balance as it was.
    ///
    /// - Returns: each account's available balance (balance less open holds) after the entry.
    /// - Throws: ``InsufficientFunds`` naming the first account, in lock order, the entry would take
    ///   below its rule.
    public mutating func post(_ entry: JournalEntry) throws(InsufficientFunds) -> [String: Int64] {
        var staged: [String: Balance] = [:]
        for posting in entry.postingsInLockOrder {
            guard var balance = staged[posting.accountID] ?? balances[posting.accountID] else {
                preconditionFailure("the batch read every account its entries touch")
            }
            guard balance.admits(posting.amountMinor) else {
                throw InsufficientFunds(accountID: posting.accountID)
            }
            balance.balanceMinor += posting.amountMinor
            staged[posting.accountID] = balance
        }
        for posting in entry.postings {
            deltas[posting.accountID, default: (0, 0)].balanceMinor += posting.amountMinor
        }
        balances.merge(staged) { _, staged in staged }
        return staged.mapValues(\.availableMinor)
    }

    /// Reserves `amountMinor` (positive) of `accountID`'s available balance, or refuses and leaves
    /// it as it was.
    ///
    /// - Throws: ``InsufficientFunds`` when the account may not go negative and its available
    ///   balance is short.
    public mutating func hold(_ amountMinor: Int64, on accountID: String) throws(InsufficientFunds) {
        precondition(amountMinor > 0, "a hold reserves money")
        guard var balance = balances[accountID] else {
            preconditionFailure("the batch read every account its holds touch")
        }
        guard balance.admits(-amountMinor) else { throw InsufficientFunds(accountID: accountID) }
        balance.heldMinor += amountMinor
        balances[accountID] = balance
        deltas[accountID, default: (0, 0)].heldMinor += amountMinor
    }

    /// How much each account's balance and held amount moved, in account-id order (the store's lock
    /// order), leaving out accounts the batch left where they were.
    public var changes: [Change] {
        deltas.filter { $0.value != (0, 0) }.sorted { $0.key < $1.key }
            .map { Change(accountID: $0.key, deltaMinor: $0.value.balanceMinor, heldDeltaMinor: $0.value.heldMinor) }
    }

    /// One account's moves in the batch.
    public struct Change: Sendable, Equatable {
        public var accountID: String
        public var deltaMinor: Int64
        public var heldDeltaMinor: Int64
    }

    /// An entry refused because it would overdraw `accountID`.
    public struct InsufficientFunds: Error, Sendable, Equatable {
        public var accountID: String

        public init(accountID: String) {
            self.accountID = accountID
        }
    }
}
