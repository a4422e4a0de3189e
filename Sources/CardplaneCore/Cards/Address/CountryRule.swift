/// One supported country of card apply `address_info`: its ISO 3166-1 alpha-2 code, its international
/// calling code(s) and the shapes its postal codes take.
public struct CountryRule: Sendable, Equatable {
    /// How a postal code is checked beyond its shape.
    public enum PostalCodeCheck: Sendable, Equatable {
        /// The shape (one of ``CountryRule/postalCodeFormats``) is all that is checked.
        case formatOnly
        /// The ZIP must also exist in the ``PostalDirectory`` with the address's state and city
        /// (format only while the directory is empty).
        case usZIPDirectory
    }

    /// ISO 3166-1 alpha-2, upper case (`"US"`).
    public let code: String
    /// International calling codes, digits without `+` (`["1"]`).
    public let callingCodes: [String]
    /// Accepted postal-code shapes; a code matching any one of them has the country's format.
    public let postalCodeFormats: [PostalCodeFormat]
    /// What is checked beyond the shape.
    public let postalCodeCheck: PostalCodeCheck

    public init(
        code: String,
        callingCodes: [String],
        postalCodeFormats: [PostalCodeFormat],
        postalCodeCheck: PostalCodeCheck = .formatOnly
    ) {
        self.code = code
        self.callingCodes = callingCodes
        self.postalCodeFormats = postalCodeFormats
        self.postalCodeCheck = postalCodeCheck
    }

    /// Whether `postalCode` has one of the country's shapes.
    public func hasPostalCodeFormat(_ postalCode: String) -> Bool {
        postalCodeFormats.contains { $0.matches(postalCode) }
    }
}

/// The shape of a postal code, written as a pattern: `9` is an ASCII digit, `A` an English letter
/// (either case), any other character stands for itself (`"A9A 9A9"` for Canada, `"999-9999"` for
/// Japan). The whole code must match, character for character.
public struct PostalCodeFormat: Sendable, Equatable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The pattern, as written.
    public let pattern: String

    public init(_ pattern: String) {
        self.pattern = pattern
    }

    public init(stringLiteral pattern: String) {
        self.init(pattern)
    }

    public var description: String { pattern }

    /// Whether `postalCode` has this shape.
    public func matches(_ postalCode: String) -> Bool {
        let code = Array(postalCode.unicodeScalars)
        let shape = Array(pattern.unicodeScalars)
        guard code.count == shape.count else { return false }
        return zip(code, shape).allSatisfy { scalar, expected in
            switch expected {
            case "9": AddressText.isASCIIDigit(scalar)
            case "A": AddressText.isEnglishLetter(scalar)
            default: scalar == expected
            }
        }
    }
}

extension CountryRule {
    /// The card markets supported by default: where Cardplane's cards are most likely billed.
    ///
    /// | Code | Calling code | Postal code |
    /// |---|---|---|
    /// | US | 1 | `99999`, `99999-9999`, and in the US ZIP directory with state and city |
    /// | CA | 1 | `A9A 9A9`, `A9A9A9` |
    /// | GB | 44 | outward `A9`, `A99`, `AA9`, `AA99`, `A9A`, `AA9A` + inward `9AA`, with or without the space |
    /// | DE, FR, ES, IT, KR | 49, 33, 34, 39, 82 | `99999` |
    /// | NL | 31 | `9999 AA`, `9999AA` |
    /// | CH, AU, NZ | 41, 61, 64 | `9999` |
    /// | JP | 81 | `999-9999`, `9999999` |
    /// | SG, CN | 65, 86 | `999999` |
    public static let defaults: [CountryRule] = [
        CountryRule(
            code: "US",
            callingCodes: ["1"],
            postalCodeFormats: ["99999", "99999-9999"],
            postalCodeCheck: .usZIPDirectory
        ),
        CountryRule(code: "CA", callingCodes: ["1"], postalCodeFormats: ["A9A 9A9", "A9A9A9"]),
        CountryRule(code: "GB", callingCodes: ["44"], postalCodeFormats: ukPostcodeFormats),
        CountryRule(code: "DE", callingCodes: ["49"], postalCodeFormats: ["99999"]),
        CountryRule(code: "FR", callingCodes: ["33"], postalCodeFormats: ["99999"]),
        CountryRule(code: "NL", callingCodes: ["31"], postalCodeFormats: ["9999 AA", "9999AA"]),
        CountryRule(code: "ES", callingCodes: ["34"], postalCodeFormats: ["99999"]),
        CountryRule(code: "IT", callingCodes: ["39"], postalCodeFormats: ["99999"]),
        CountryRule(code: "CH", callingCodes: ["41"], postalCodeFormats: ["9999"]),
        CountryRule(code: "JP", callingCodes: ["81"], postalCodeFormats: ["999-9999", "9999999"]),
        CountryRule(code: "KR", callingCodes: ["82"], postalCodeFormats: ["99999"]),
        CountryRule(code: "CN", callingCodes: ["86"], postalCodeFormats: ["999999"]),
        CountryRule(code: "SG", callingCodes: ["65"], postalCodeFormats: ["999999"]),
        CountryRule(code: "AU", callingCodes: ["61"], postalCodeFormats: ["9999"]),
        CountryRule(code: "NZ", callingCodes: ["64"], postalCodeFormats: ["9999"]),
    ]

    /// UK postcodes: outward code (`A9`, `A99`, `AA9`, `AA99`, `A9A`, `AA9A`), then inward code `9AA`,
    /// with or without the space between them (`SW1A 1AA`, `M1 1AE`, `EC1A1BB`).
    static let ukPostcodeFormats: [PostalCodeFormat] = ["A9", "A99", "AA9", "AA99", "A9A", "AA9A"].flatMap {
        [PostalCodeFormat("\($0) 9AA"), PostalCodeFormat("\($0)9AA")]
    }
}
