/// Journal entries applied one after another to balances read once, under lock, for a whole batch
/// (the ledger's group commit, ADR 0013).
///
/// Each entry applies whole or is refused whole, and is checked against the balances the entries
/// before it left — the same rule as posting it alone: a debit may not take an account that may not
/// go negative below its available balance (balance − held). Pure: the store reads the balances and
/// writes ``changes`` back in the batch's transaction.
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

        /// Whether moving `amountMinor` (signed) onto this account keeps it within its rule.
        func admits(_ amountMinor: Int64) -> Bool {
            allowsNegative || balanceMinor - heldMinor + amountMinor >= 0
        }
    }

    public private(set) var balances: [String: Balance]
    private var deltas: [String: Int64] = [:]

    /// A batch over `balances`: every account an entry of the batch touches must be among them.
    public init(balances: [String: Balance]) {
        self.balances = balances
    }

    /// Applies `entry`, or refuses it and leaves every balance as it was.
    ///
    /// - Returns: each account's balance after the entry.
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
            deltas[posting.accountID, default: 0] += posting.amountMinor
        }
        balances.merge(staged) { _, staged in staged }
        return staged.mapValues(\.balanceMinor)
    }

    /// How much each account's balance moved, in account-id order (the store's lock order),
    /// leaving out accounts the applied entries left where they were.
    public var changes: [(accountID: String, deltaMinor: Int64)] {
        deltas.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { (accountID: $0.key, deltaMinor: $0.value) }
    }

    /// An entry refused because it would overdraw `accountID`.
    public struct InsufficientFunds: Error, Sendable, Equatable {
        public var accountID: String

        public init(accountID: String) {
            self.accountID = accountID
        }
    }
}
