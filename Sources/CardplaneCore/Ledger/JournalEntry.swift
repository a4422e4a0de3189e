/// A set of postings that moves money between accounts and always sums to zero.
///
/// Built only through ``transfer(from:to:amount:)`` and ``init(postings:)``, both of which check
/// the invariant; the store checks it again (`ledger verify`), so a broken entry cannot hide.
public struct JournalEntry: Sendable, Equatable {
    /// One side of an entry: a signed amount on an account (credit positive).
    public struct Posting: Sendable, Equatable {
        public var accountID: String
        public var amountMinor: Int64

        public init(accountID: String, amountMinor: Int64) {
            self.accountID = accountID
            self.amountMinor = amountMinor
        }
    }

    public let postings: [Posting]

    /// An entry of `postings`. Traps unless there are at least two postings, none is zero, and
    /// they sum to zero: breaking this is a programming error, never a client's.
    public init(postings: [Posting]) {
        precondition(postings.count >= 2, "an entry has at least two postings")
        precondition(postings.allSatisfy { $0.amountMinor != 0 }, "a posting moves money")
        var sum: Int64 = 0
        for posting in postings {
            let (next, overflow) = sum.addingReportingOverflow(posting.amountMinor)
            precondition(!overflow, "posting amounts overflow")
            sum = next
        }
        precondition(sum == 0, "postings of an entry sum to zero")
        self.postings = postings
    }

    /// Moves `amountMinor` (positive, in the accounts' currency) from one account to another.
    public static func transfer(from debit: String, to credit: String, amountMinor: Int64) -> JournalEntry {
        precondition(amountMinor > 0 && debit != credit)
        return JournalEntry(postings: [
            Posting(accountID: debit, amountMinor: -amountMinor),
            Posting(accountID: credit, amountMinor: amountMinor),
        ])
    }

    /// The postings in account-id order: the order the store locks accounts in, so two entries
    /// touching the same accounts never wait on each other in opposite orders (no deadlock).
    public var postingsInLockOrder: [Posting] {
        postings.sorted { $0.accountID < $1.accountID }
    }
}
