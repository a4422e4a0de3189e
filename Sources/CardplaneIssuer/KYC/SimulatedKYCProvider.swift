public import CardplaneCore
public import CardplaneVault

/// A KYC vendor for sandboxes and tests, driven by the share token (spec §13, part of the contract):
///
/// | token                 | applicant | decision                                  |
/// |-----------------------|-----------|-------------------------------------------|
/// | `sim_approved_<any>`  | yes       | Approved                                  |
/// | `sim_rejected_<any>`  | yes       | Rejected, reason "document expired"       |
/// | `sim_pending_<any>`   | yes       | never decided: stays In_progress          |
/// | `sim_unavailable_<any>` | no: the vendor is unreachable (2006 at apply)          |
/// | anything else         | no: unknown token (2006 at apply)                     |
///
/// The applicant's data is made up from the token's suffix, the same every time. Every call waits
/// no longer than the registry's vendor timeout; a real vendor may be slower.
public struct SimulatedKYCProvider: KYCProvider {
    public static let rejectionReason = "document expired"

    public init() {}

    public func applicant(shareToken: Sensitive<String>) async throws -> KYCApplicant {
        let token = shareToken.reveal()
        guard let (outcome, suffix) = Self.parse(token) else { throw KYCProviderError.unknownToken }
        guard outcome != "unavailable" else { throw KYCProviderError.unavailable }
        let seed = Self.digits(of: suffix)
        return KYCApplicant(
            // The outcome travels in the id, the token itself does not: a share token is a credential.
            applicantID: "sim_\(outcome)_applicant\(seed)",
            email: "applicant.\(seed)@example.com",
            firstName: "Alex",
            lastName: "Tester\(seed)",
            dateOfBirth: "1990-01-15",
            country: "US",
            documentType: "PASSPORT",
            documentNumber: "P\(seed)",
            addressLine: "\(seed % 900 + 100) Market Street, San Francisco, CA 94105"
        )
    }

    public func decision(applicantID: String) async throws -> KYCDecision {
        guard let (outcome, _) = Self.parse(applicantID) else { throw KYCProviderError.unknownToken }
        switch outcome {
        case "approved": return .approved
        case "rejected": return .rejected(reason: Self.rejectionReason)
        case "pending": return .undecided
        default: throw KYCProviderError.unavailable
        }
    }

    static let outcomes = ["approved", "rejected", "pending", "unavailable"]

    /// Splits `sim_<outcome>_<suffix>` (the suffix may be empty).
    static func parse(_ text: String) -> (outcome: String, suffix: String)? {
        guard text.hasPrefix("sim_") else { return nil }
        let rest = text.dropFirst(4)
        for outcome in outcomes where rest.hasPrefix(outcome + "_") {
            return (outcome, String(rest.dropFirst(outcome.count + 1)))
        }
        return nil
    }

    /// A stable eight-digit number from the suffix (FNV-1a), so made-up data is deterministic.
    static func digits(of suffix: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in suffix.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(hash % 90_000_000) + 10_000_000
    }
}
