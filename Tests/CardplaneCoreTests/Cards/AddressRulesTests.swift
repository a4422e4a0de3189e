import CardplaneCore
import Testing

extension CardAddress {
    /// A complete, valid US address (real ZIP 94110, San Francisco, CA).
    static let sample = CardAddress(
        firstName: "Jane",
        lastName: "Doe",
        phoneCode: "1",
        phone: "4155550123",
        postalCode: "94110",
        country: "US",
        state: "CA",
        city: "San Francisco",
        addressLine1: "123 Main St",
        addressLine2: "Apt 4B"
    )

    /// Only what a virtual card must send.
    static let virtualMinimum = CardAddress(
        postalCode: "94110",
        country: "US",
        state: "CA",
        city: "San Francisco",
        addressLine1: "123 Main St"
    )

    func with(postalCode: String, state: String, city: String) -> CardAddress {
        var copy = self
        copy.postalCode = postalCode
        copy.state = state
        copy.city = city
        return copy
    }

    /// A copy with the field of API name `field` set to `value`.
    func with(_ field: String, _ value: String?) -> CardAddress {
        var copy = self
        switch field {
        case "first_name": copy.firstName = value
        case "last_name": copy.lastName = value
        case "phone_code": copy.phoneCode = value
        case "phone": copy.phone = value
        case "postal_code": copy.postalCode = value
        case "country": copy.country = value
        case "state": copy.state = value
        case "city": copy.city = value
        case "address_line1": copy.addressLine1 = value
        case "address_line2": copy.addressLine2 = value
        default: Issue.record("unknown field \(field)")
        }
        return copy
    }
}

/// Rules 1–3, 6 and 7 of ``AddressRules/validate(_:for:)``, the order between rules, and normalisation.
@Suite struct AddressRulesTests {
    static let rules = AddressRules(postalDirectory: .empty)

    static let physicalRequired = [
        "first_name", "last_name", "phone_code", "phone", "postal_code", "country", "state", "city",
        "address_line1",
    ]
    static let virtualRequired = ["postal_code", "country", "state", "city", "address_line1"]

    @Test func sampleIsValidForBothCardTypes() throws {
        #expect(try Self.rules.validate(.sample, for: .physical) == .sample)
        #expect(try Self.rules.validate(.sample, for: .virtual) == .sample)
        #expect(
            try AddressRules(postalDirectory: try USZIPTable.directory()).validate(.sample, for: .physical) == .sample
        )
    }

    // MARK: Rule 1: physical cards

    @Test func physicalWithoutAddressIs4010() {
        #expect(throws: CardplaneError(.billingAddressRequired, field: "address_info")) {
            try Self.rules.validate(nil, for: .physical)
        }
    }

    @Test(arguments: physicalRequired)
    func physicalMissingFieldIs4010(_ field: String) {
        for value in [nil, "", "   ", "\t\n"] as [String?] {
            #expect(throws: CardplaneError(.billingAddressRequired, field: field)) {
                try Self.rules.validate(CardAddress.sample.with(field, value), for: .physical)
            }
        }
    }

    @Test func physicalNamesTheFirstMissingField() {
        let address = CardAddress.sample.with("city", nil).with("phone", "").with("country", "BR")
        #expect(throws: CardplaneError(.billingAddressRequired, field: "phone")) {
            try Self.rules.validate(address, for: .physical)
        }
        #expect(throws: CardplaneError(.billingAddressRequired, field: "first_name")) {
            try Self.rules.validate(CardAddress(), for: .physical)
        }
    }

    @Test func addressLine2IsAlwaysOptional() throws {
        let address = CardAddress.sample.with("address_line2", nil)
        #expect(try Self.rules.validate(address, for: .physical) == address)
        #expect(try Self.rules.validate(CardAddress.sample.with("address_line2", "  "), for: .physical) == address)
    }

    // MARK: Rule 2: virtual cards

    @Test func virtualWithoutAddressIsAccepted() throws {
        #expect(try Self.rules.validate(nil, for: .virtual) == nil)
        #expect(try Self.rules.validate(.virtualMinimum, for: .virtual) == .virtualMinimum)
    }

    @Test(arguments: virtualRequired)
    func virtualMissingFieldIs1004(_ field: String) {
        for value in [nil, "", "  "] as [String?] {
            #expect(throws: CardplaneError.invalidParameter(field)) {
                try Self.rules.validate(CardAddress.virtualMinimum.with(field, value), for: .virtual)
            }
        }
    }

    @Test func virtualEmptyBlockNamesPostalCode() {
        #expect(throws: CardplaneError.invalidParameter("postal_code")) {
            try Self.rules.validate(CardAddress(), for: .virtual)
        }
    }

    @Test(
        arguments: [
            ("first_name", "José", CardplaneError(.englishOnly, field: "first_name")),
            ("last_name", "王", CardplaneError(.englishOnly, field: "last_name")),
            ("phone_code", "+1", CardplaneError.invalidParameter("phone_code")),
            ("phone", "12ab", CardplaneError.invalidParameter("phone")),
        ]
    )
    func virtualOptionalFieldsAreCheckedWhenSent(_ field: String, _ value: String, _ error: CardplaneError) {
        #expect(throws: error) { try Self.rules.validate(CardAddress.virtualMinimum.with(field, value), for: .virtual) }
    }

    // MARK: Rule 3: lengths

    @Test(
        arguments: [
            ("first_name", 64), ("last_name", 64), ("state", 128), ("city", 128), ("address_line1", 128),
            ("address_line2", 128),
        ]
    )
    func lengthLimits(_ field: String, _ limit: Int) throws {
        let longest = String(repeating: "a", count: limit)
        let values = CardAddress.sample.with(field, longest)
        #expect(try Self.rules.validate(values, for: .physical) == values)
        #expect(throws: CardplaneError.invalidParameter(field)) {
            try Self.rules.validate(CardAddress.sample.with(field, longest + "a"), for: .physical)
        }
    }

    @Test(arguments: ["phone_code", "phone", "postal_code", "country"])
    func everyFieldIsBounded(_ field: String) {
        #expect(throws: CardplaneError.invalidParameter(field)) {
            try Self.rules.validate(CardAddress.sample.with(field, String(repeating: "1", count: 129)), for: .physical)
        }
    }

    // MARK: Rule 6: country

    @Test(arguments: ["USA", "U", "U1", "12", "ÜS", "U S", "U.S."])
    func malformedCountryIs1004(_ country: String) {
        #expect(throws: CardplaneError.invalidParameter("country")) {
            try Self.rules.validate(CardAddress.sample.with("country", country), for: .physical)
        }
    }

    @Test(arguments: ["BR", "ZZ", "RU", "HK", "in"])
    func unsupportedCountryIs2009(_ country: String) {
        #expect(throws: CardplaneError(.countryNotSupported, field: "country")) {
            try Self.rules.validate(CardAddress.sample.with("country", country), for: .physical)
        }
    }

    @Test func supportedCountries() {
        let codes: Set = ["US", "CA", "GB", "DE", "FR", "NL", "ES", "IT", "CH", "JP", "KR", "CN", "SG", "AU", "NZ"]
        #expect(Self.rules.supportedCountryCodes == codes)
        #expect(AddressRules(postalDirectory: .empty, countries: []).supportedCountryCodes.isEmpty)
    }

    // MARK: Rule 7: phone code and phone

    @Test(arguments: ["+1", "+44", "1a", "0044", "999", "7", "852", "1 1", "١", "１"])
    func badPhoneCodeIs1004(_ phoneCode: String) {
        let address = CardAddress.sample.with("phone_code", phoneCode)
        #expect(throws: CardplaneError.invalidParameter("phone_code")) {
            try Self.rules.validate(address, for: .physical)
        }
    }

    @Test(arguments: ["1", "44", "49", "33", "31", "34", "39", "41", "81", "82", "86", "65", "61", "64"])
    func supportedPhoneCodes(_ phoneCode: String) throws {
        let address = CardAddress.sample.with("phone_code", phoneCode)
        #expect(try Self.rules.validate(address, for: .physical) == address)
    }

    @Test(arguments: ["123", "1234567890123456", "415-555-0123", "+14155550123", "(415)5550123", "４１５５５５０１２３"])
    func badPhoneIs1004(_ phone: String) {
        #expect(throws: CardplaneError.invalidParameter("phone")) {
            try Self.rules.validate(CardAddress.sample.with("phone", phone), for: .physical)
        }
    }

    @Test(arguments: ["1234", "123456789012345", "0123456789"])
    func phoneOf4To15Digits(_ phone: String) throws {
        let address = CardAddress.sample.with("phone", phone)
        #expect(try Self.rules.validate(address, for: .physical) == address)
    }

    // MARK: Order and normalisation

    /// Each pair breaks two rules; the earlier rule answers.
    @Test(
        arguments: [
            (CardAddress.sample.with("first_name", "张伟").with("phone_code", nil), 4010),
            (CardAddress.sample.with("first_name", String(repeating: "张", count: 65)), 1004),
            (CardAddress.sample.with("first_name", "José").with("city", "Main@"), 2008),
            (CardAddress.sample.with("city", "Main@").with("country", "BR"), 2007),
            (CardAddress.sample.with("country", "BR").with("phone_code", "+1"), 2009),
            (CardAddress.sample.with("phone_code", "+1").with("postal_code", "1"), 1004),
        ]
    )
    func earlierRuleWins(_ address: CardAddress, _ code: Int) {
        #expect(throws: CardplaneError.self) { try Self.rules.validate(address, for: .physical) }
        do {
            _ = try Self.rules.validate(address, for: .physical)
        } catch {
            #expect(error.code.rawValue == code)
        }
    }

    @Test func fieldsAreNormalised() throws {
        let sent = CardAddress(
            firstName: "  Jane ",
            lastName: "Doe\n",
            phoneCode: " 1",
            phone: "4155550123 ",
            postalCode: " k1a 0b1 ",
            country: " ca ",
            state: " ON ",
            city: "\tOttawa ",
            addressLine1: " 24 Sussex Dr. ",
            addressLine2: "   "
        )
        let expected = CardAddress(
            firstName: "Jane",
            lastName: "Doe",
            phoneCode: "1",
            phone: "4155550123",
            postalCode: "K1A 0B1",
            country: "CA",
            state: "ON",
            city: "Ottawa",
            addressLine1: "24 Sussex Dr.",
            addressLine2: nil
        )
        #expect(try Self.rules.validate(sent, for: .physical) == expected)
    }
}
