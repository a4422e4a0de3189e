/// Cardholder verification status (spec §8.8), with the API's exact spellings.
public enum KYCStatus: String, Sendable, CaseIterable, Codable {
    /// Applied; the provider has not started verifying.
    case pending = "Pending"
    /// The provider is verifying.
    case inProgress = "In_progress"
    /// Verified: the cardholder may hold cards and funds.
    case approved = "Approved"
    /// Refused, with a reason; the merchant may apply again with a new share token.
    case rejected = "Rejected"
}

/// What the KYC provider decided about an applicant.
public enum KYCDecision: Sendable, Equatable {
    case approved
    case rejected(reason: String)
    /// Not decided yet; ask again later.
    case undecided
}
