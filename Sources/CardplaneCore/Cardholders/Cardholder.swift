/// A merchant's user, onboarded with KYC shared from the merchant's own vendor (spec §4.1–4.3).
///
/// Personal data from KYC is not here: it is sealed at rest and only `email` stays queryable.
public struct Cardholder: Sendable, Equatable {
    /// The platform's number, e.g. `U20261125483920` (`cardholder_no`).
    public var cardholderNo: String
    public var merchantNo: String
    /// The merchant's own id for the user (`cardholder_unique_no`), unique per merchant.
    public var cardholderUniqueNo: String
    public var email: String?
    public var verification: KYCVerification
    /// Bumped on every change; domain events carry it so consumers can drop stale ones.
    public var version: Int
    public var createdAtMs: Int64
    public var updatedAtMs: Int64

    public init(
        cardholderNo: String,
        merchantNo: String,
        cardholderUniqueNo: String,
        email: String?,
        verification: KYCVerification,
        version: Int,
        createdAtMs: Int64,
        updatedAtMs: Int64
    ) {
        self.cardholderNo = cardholderNo
        self.merchantNo = merchantNo
        self.cardholderUniqueNo = cardholderUniqueNo
        self.email = email
        self.verification = verification
        self.version = version
        self.createdAtMs = createdAtMs
        self.updatedAtMs = updatedAtMs
    }
}

/// Personal data of an applicant as the KYC provider returns it. Sealed at rest, never logged:
/// `description` names no field value.
public struct KYCApplicant: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The provider's id for the applicant, used to ask for the decision later.
    public var applicantID: String
    public var email: String?
    public var firstName: String
    public var lastName: String
    /// `yyyy-MM-dd`.
    public var dateOfBirth: String
    /// ISO 3166-1 alpha-2.
    public var country: String
    public var documentType: String
    public var documentNumber: String
    public var addressLine: String?

    public init(
        applicantID: String,
        email: String?,
        firstName: String,
        lastName: String,
        dateOfBirth: String,
        country: String,
        documentType: String,
        documentNumber: String,
        addressLine: String?
    ) {
        self.applicantID = applicantID
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.dateOfBirth = dateOfBirth
        self.country = country
        self.documentType = documentType
        self.documentNumber = documentNumber
        self.addressLine = addressLine
    }

    public var description: String { "KYCApplicant(<redacted>)" }
}
