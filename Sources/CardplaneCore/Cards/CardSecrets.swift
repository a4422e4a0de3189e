/// What the issuer generates for a new card besides its number: the CVV and the expiry.
public struct CardSecrets: Sendable, Equatable {
    public let pan: PrimaryAccountNumber
    /// Three digits.
    public let cvv: String
    /// Two digits, `01`–`12` (spec §13: `exp_month` `"03"`).
    public let expiryMonth: String
    /// Four digits (spec §13: `exp_year` `"2029"`).
    public let expiryYear: String

    public init(pan: PrimaryAccountNumber, cvv: String, expiryMonth: String, expiryYear: String) {
        precondition(cvv.count == 3 && cvv.allSatisfy(\.isASCIIDigit), "a CVV is 3 digits")
        self.pan = pan
        self.cvv = cvv
        self.expiryMonth = expiryMonth
        self.expiryYear = expiryYear
    }

    /// New secrets in `bin`, expiring `Limits.cardValidityYears` after `issuedOn`, at the end of its month.
    public static func generate(
        bin: String,
        issuedOn: CivilDate,
        using generator: inout some RandomNumberGenerator
    ) -> CardSecrets {
        let cvv = (0..<3).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
        let month = issuedOn.month < 10 ? "0\(issuedOn.month)" : "\(issuedOn.month)"
        return CardSecrets(
            pan: .random(bin: bin, using: &generator),
            cvv: cvv,
            expiryMonth: month,
            expiryYear: String(issuedOn.year + Limits.cardValidityYears)
        )
    }

    public var description: String { "CardSecrets(\(pan))" }
}

extension CardSecrets: CustomStringConvertible {}
