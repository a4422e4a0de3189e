public import CardplaneCore
public import CardplaneVault

/// The KYC vendor behind `sumsub_share_token`: resolves a merchant's share token to the applicant
/// it verified, and later reports the decision.
///
/// The built-in ``SimulatedKYCProvider`` is the default. A real vendor adapter conforms to this
/// protocol and is passed to the application; nothing else changes.
public protocol KYCProvider: Sendable {
    /// The applicant the share token refers to.
    ///
    /// - Throws: ``KYCProviderError`` when the token cannot be resolved or the vendor is unreachable.
    func applicant(shareToken: Sensitive<String>) async throws -> KYCApplicant

    /// The vendor's current decision on the applicant.
    ///
    /// - Throws: ``KYCProviderError/unavailable`` when the vendor cannot be reached; the caller retries.
    func decision(applicantID: String) async throws -> KYCDecision
}

/// Why the KYC vendor could not answer.
public enum KYCProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The share token is unknown, expired or not shared with us.
    case unknownToken
    /// The vendor did not answer.
    case unavailable

    public var description: String {
        switch self {
        case .unknownToken: return "KYC share token not resolvable"
        case .unavailable: return "KYC provider unavailable"
        }
    }
}
