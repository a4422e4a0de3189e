import CardplaneCore
import Testing

/// Postal-code formats of the default countries (rule 8 of ``AddressRules/validate(_:for:)``).
@Suite struct CountryRuleTests {
    static let rules = AddressRules(postalDirectory: .empty)

    /// Country, postal code, whether it has the country's format.
    static let examples: [(String, String, Bool)] = [
        ("US", "94110", true), ("US", "94110-1234", true), ("US", "9411", false), ("US", "94110 1234", false),
        ("CA", "K1A 0B1", true), ("CA", "k1a0b1", true), ("CA", "K1A-0B1", false), ("CA", "12345", false),
        ("CA", "K1A 0B", false),
        ("GB", "SW1A 1AA", true), ("GB", "M1 1AE", true), ("GB", "B33 8TH", true), ("GB", "CR2 6XH", true),
        ("GB", "DN55 1PT", true), ("GB", "W1A 0AX", true), ("GB", "EC1A1BB", true), ("GB", "ec1a 1bb", true),
        ("GB", "SW1A 1A", false), ("GB", "SW1A-1AA", false), ("GB", "12345", false), ("GB", "SW1A  1AA", false),
        ("DE", "10115", true), ("DE", "1011", false), ("DE", "D-10115", false),
        ("FR", "75008", true), ("FR", "7500", false), ("FR", "750081", false),
        ("NL", "1012 AB", true), ("NL", "1012ab", true), ("NL", "1012 A", false), ("NL", "AB 1012", false),
        ("ES", "28013", true), ("ES", "2801", false), ("ES", "2801A", false),
        ("IT", "00184", true), ("IT", "0018A", false), ("IT", "001840", false),
        ("CH", "8001", true), ("CH", "80011", false), ("CH", "CH-8001", false),
        ("JP", "100-0001", true), ("JP", "1000001", true), ("JP", "100 0001", false), ("JP", "10-0001", false),
        ("KR", "03187", true), ("KR", "031-87", false), ("KR", "0318", false),
        ("CN", "100000", true), ("CN", "10000", false), ("CN", "1000000", false),
        ("SG", "018956", true), ("SG", "18956", false), ("SG", "S018956", false),
        ("AU", "2000", true), ("AU", "200", false), ("AU", "NSW 2000", false),
        ("NZ", "6011", true), ("NZ", "60111", false), ("NZ", "601", false),
    ]

    @Test(arguments: examples)
    func postalCodeFormats(_ country: String, _ postalCode: String, _ valid: Bool) throws {
        let address = CardAddress.sample.with("country", country).with("postal_code", postalCode)
            .with("state", "Region").with("city", "City")
        if valid {
            #expect(try Self.rules.validate(address, for: .physical)?.postalCode == postalCode.uppercased())
        } else {
            #expect(throws: CardplaneError(.postalCodeMismatch, field: "postal_code")) {
                try Self.rules.validate(address, for: .physical)
            }
        }
    }

    @Test func everyDefaultCountryHasValidAndInvalidExamples() {
        for rule in CountryRule.defaults {
            #expect(Self.examples.contains { $0.0 == rule.code && $0.2 }, "\(rule.code) lacks a valid example")
            #expect(Self.examples.contains { $0.0 == rule.code && !$0.2 }, "\(rule.code) lacks an invalid example")
        }
    }

    @Test func defaultsAreWellFormed() {
        #expect(Set(CountryRule.defaults.map(\.code)).count == CountryRule.defaults.count, "codes are unique")
        for rule in CountryRule.defaults {
            #expect(rule.code.count == 2 && rule.code == rule.code.uppercased())
            #expect(!rule.callingCodes.isEmpty && rule.callingCodes.allSatisfy { $0.allSatisfy(\.isASCII) })
            #expect(!rule.postalCodeFormats.isEmpty)
            #expect(rule.postalCodeCheck == (rule.code == "US" ? .usZIPDirectory : .formatOnly))
        }
    }

    @Test func customCountryRule() throws {
        let brazil = CountryRule(code: "BR", callingCodes: ["55"], postalCodeFormats: ["99999-999"])
        let rules = AddressRules(postalDirectory: .empty, countries: [brazil])
        let address = CardAddress.sample.with("country", "br").with("phone_code", "55").with("postal_code", "01310-100")
        #expect(try rules.validate(address, for: .physical)?.country == "BR")
        #expect(throws: CardplaneError(.countryNotSupported, field: "country")) {
            try rules.validate(CardAddress.sample, for: .physical)
        }
        #expect(brazil.hasPostalCodeFormat("01310-100") && !brazil.hasPostalCodeFormat("01310100"))
    }
}
