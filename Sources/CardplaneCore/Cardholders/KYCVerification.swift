/// The verification lifecycle of one cardholder: `Pending → In_progress → Approved | Rejected`, and
/// `Rejected → Pending` when the merchant applies again.
///
/// A pure state machine: each event either moves the status and returns the change to record, or
/// throws the catalogued code. The caller persists the change and its domain event together.
public struct KYCVerification: Sendable, Equatable {
    public private(set) var status: KYCStatus
    public private(set) var failReason: String?

    public init(status: KYCStatus, failReason: String? = nil) {
        self.status = status
        self.failReason = failReason
    }

    /// A status change to record: before, after, and the reason for a rejection.
    public struct Change: Sendable, Equatable {
        public var before: KYCStatus
        public var after: KYCStatus
        public var reason: String?

        public init(before: KYCStatus, after: KYCStatus, reason: String?) {
            self.before = before
            self.after = after
            self.reason = reason
        }
    }

    /// The merchant applies again (update with `cardholder_no`).
    ///
    /// - Throws: 2003 when already approved; 2004 while a verification is pending or in progress.
    public mutating func resubmit() throws -> Change {
        switch status {
        case .approved: throw CardplaneError(.cardholderAlreadyVerified)
        case .pending, .inProgress: throw CardplaneError(.cardholderVerificationPending)
        case .rejected: return move(to: .pending, reason: nil)
        }
    }

    /// The provider has taken the applicant; a no-op when verification is already in progress.
    public mutating func start() -> Change? {
        switch status {
        case .pending: return move(to: .inProgress, reason: nil)
        case .inProgress, .approved, .rejected: return nil
        }
    }

    /// The provider's decision arrives. Only an in-progress verification can be decided; a decision
    /// for any other status is stale and changes nothing.
    public mutating func decide(_ decision: KYCDecision) -> Change? {
        guard status == .inProgress else { return nil }
        switch decision {
        case .approved: return move(to: .approved, reason: nil)
        case .rejected(let reason): return move(to: .rejected, reason: reason)
        case .undecided: return nil
        }
    }

    /// Checks the cardholder may be used where an approved one is needed (cards, transfers).
    ///
    /// - Throws: 2005 when rejected; 2004 while pending or in progress.
    public func requireApproved() throws {
        switch status {
        case .approved: return
        case .rejected: throw CardplaneError(.cardholderVerificationFailed)
        case .pending, .inProgress: throw CardplaneError(.cardholderVerificationPending)
        }
    }

    private mutating func move(to next: KYCStatus, reason: String?) -> Change {
        let change = Change(before: status, after: next, reason: reason)
        status = next
        failReason = reason
        return change
    }
}
