import CardplaneCore
import Testing

/// US addresses against the real ZIP table: rule 8 of ``AddressRules/validate(_:for:)``.
@Suite struct USAddressTests {
    /// Real ZIP / state / city triples of the table, in ZIP and ZIP+4 form, with alternative city
    /// names, state names, other letter cases, punctuation and abbreviations.
    static let valid: [(String, String, String)] = [
        ("10001", "NY", "New York"),
        ("90210", "CA", "Beverly Hills"),
        ("60601-1234", "IL", "Chicago"),
        ("33139", "fl", "miami beach"),
        ("98101", "Washington", "Seattle"),
        ("02108", "MA", "BOSTON"),
        ("30301", "GA", "Atlanta"),
        ("75201", "Texas", "Dallas"),
        ("80202", "CO", "Denver"),
        ("85001", "AZ", "Phoenix"),
        ("97201", "OR", "Portland"),
        ("19103", "PA", "Phila"),
        ("48201", "MI", "Detroit"),
        ("55401", "Minnesota", "Minneapolis"),
        ("70112", "LA", "New Orleans"),
        ("37203", "TN", "Nashville"),
        ("46204-2001", "IN", "Indianapolis"),
        ("53202", "WI", "Milwaukee"),
        ("64105", "MO", "Kansas City"),
        ("66101", "KS", "Kansas City"),
        ("84101", "UT", "SLC"),
        ("84101-0001", "ut", "salt  lake  city"),
        ("89101", "NV", "Las Vegas"),
        ("96813", "HI", "Honolulu"),
        ("99501", "Alaska", "Anchorage"),
        ("20500", "DC", "Washington"),
        ("20500", "District of Columbia", "washington"),
        ("11201", "NY", "Brooklyn Heights"),
        ("11201", "new york", "Brooklyn Hgts"),
        ("63101", "MO", "St. Louis"),
        ("63101", "Missouri", "Saint Louis"),
        ("83814", "ID", "Coeur d'Alene"),
        ("27101", "NC", "Winston-Salem"),
        ("95014", "CA", "Monte Vista"),
        ("04101", "Maine", "Portland"),
        ("05401", "VT", "Burlington"),
        ("87501", "NM", "Santa Fe"),
        ("58102", "ND", "Reiles Acres"),
        ("43215", "OH", "Columbus"),
        ("72201", "AR", "Little Rock"),
        ("00901", "PR", "Old San Juan"),
        ("96910", "Guam", "Hagatna"),
        ("09001", "AE", "APO"),
        ("06475", "CT", "Old Saybrook"),
        ("77429-1145", "TX", "Cypress"),
    ]

    /// Right ZIP with the wrong city, right city with the wrong state, ZIPs that do not exist and
    /// ZIPs of the wrong shape: each answers 2010 `postal_code`.
    static let mismatched: [(String, String, String)] = [
        // Right ZIP, wrong city.
        ("10001", "NY", "Brooklyn"),
        ("90210", "CA", "Los Angeles"),
        ("60601", "IL", "Springfield"),
        ("33139", "FL", "Miami"),
        ("98101", "WA", "Tacoma"),
        ("02108", "MA", "Cambridge"),
        ("75201", "TX", "Houston"),
        ("19103", "PA", "Pittsburgh"),
        ("63101", "MO", "Kansas City"),
        ("84101", "UT", "Salt Lake"),
        ("97201", "OR", "Portland Oregon"),
        ("95014", "CA", "San Jose"),
        // Right city, wrong state.
        ("10001", "NJ", "New York"),
        ("90210", "NV", "Beverly Hills"),
        ("97201", "ME", "Portland"),
        ("04101", "Oregon", "Portland"),
        ("64105", "KS", "Kansas City"),
        ("66101", "MO", "Kansas City"),
        ("20500", "WA", "Washington"),
        ("60601", "Indiana", "Chicago"),
        ("96813", "HA", "Honolulu"),
        ("99501", "Alaska State", "Anchorage"),
        // No such ZIP.
        ("00000", "NY", "New York"),
        ("99999", "AK", "Anchorage"),
        ("00100", "NY", "Holtsville"),
        ("20000", "DC", "Washington"),
        ("10186", "NY", "New York"),
        // Wrong shape.
        ("1000", "NY", "New York"),
        ("100011", "NY", "New York"),
        ("10001-123", "NY", "New York"),
        ("10001 1234", "NY", "New York"),
        ("1000A", "NY", "New York"),
        ("10001-12345", "NY", "New York"),
        ("100011234", "NY", "New York"),
        ("ABCDE", "NY", "New York"),
    ]

    static func address(_ postalCode: String, _ state: String, _ city: String) -> CardAddress {
        CardAddress.sample.with(postalCode: postalCode, state: state, city: city)
    }

    @Test(arguments: valid)
    func validTriplesPass(_ postalCode: String, _ state: String, _ city: String) throws {
        let rules = AddressRules(postalDirectory: try USZIPTable.directory())
        let result = try rules.validate(Self.address(postalCode, state, city), for: .physical)
        #expect(result?.postalCode == postalCode)
        #expect(try USZIPTable.directory().usAddressMatches(postalCode: postalCode, state: state, city: city))
    }

    @Test(arguments: mismatched)
    func mismatchedTriplesAre2010(_ postalCode: String, _ state: String, _ city: String) throws {
        let rules = AddressRules(postalDirectory: try USZIPTable.directory())
        #expect(throws: CardplaneError(.postalCodeMismatch, field: "postal_code")) {
            try rules.validate(Self.address(postalCode, state, city), for: .physical)
        }
        #expect(throws: CardplaneError(.postalCodeMismatch, field: "postal_code")) {
            try rules.validate(Self.address(postalCode, state, city), for: .virtual)
        }
        #expect(try !USZIPTable.directory().usAddressMatches(postalCode: postalCode, state: state, city: city))
    }

    @Test func tablesAreLargeEnough() {
        #expect(Self.valid.count >= 30)
        #expect(Self.mismatched.count >= 30)
        #expect(Set(Self.valid.map { $0.1.uppercased() }).count >= 30, "varied states")
    }

    /// Without data (``PostalDirectory/empty``), a US postal code is checked for its shape only.
    @Test(arguments: [("12345", true), ("12345-6789", true), ("00000", true), ("1234", false), ("12345-678", false)])
    func emptyDirectoryChecksTheFormatOnly(_ postalCode: String, _ accepted: Bool) {
        let rules = AddressRules(postalDirectory: .empty)
        let address = Self.address(postalCode, "ZZ", "Nowhere")
        if accepted {
            #expect(throws: Never.self) { try rules.validate(address, for: .physical) }
        } else {
            #expect(throws: CardplaneError(.postalCodeMismatch, field: "postal_code")) {
                try rules.validate(address, for: .physical)
            }
        }
    }
}
