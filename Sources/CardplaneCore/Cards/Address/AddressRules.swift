/// Validates card apply `address_info` (spec §4.4) against the card type, the supported countries
/// and the US postal data.
public struct AddressRules: Sendable {
    /// The US ZIP table; when empty, US postal codes are checked for their format only.
    public let postalDirectory: PostalDirectory
    /// Supported countries by upper-case alpha-2 code.
    private let countries: [String: CountryRule]
    /// Every calling code of a supported country, digits without `+`.
    private let callingCodes: Set<String>

    /// - Parameters:
    ///   - postalDirectory: US ZIP → state and cities; ``PostalDirectory/empty`` checks US ZIPs by format only.
    ///   - countries: the supported countries; on a repeated code the first rule wins.
    public init(postalDirectory: PostalDirectory, countries: [CountryRule] = CountryRule.defaults) {
        self.postalDirectory = postalDirectory
        self.countries = Dictionary(
            countries.map { ($0.code.uppercased(), $0) },
            uniquingKeysWith: { first, _ in first }
        )
        self.callingCodes = Set(countries.flatMap(\.callingCodes))
    }

    /// The alpha-2 codes `country` may take (others answer 2009).
    public var supportedCountryCodes: Set<String> { Set(countries.keys) }

    /// Checks `address_info` for a card of `cardType` and returns it normalised: every field trimmed
    /// of surrounding whitespace, blank fields as nil, `country` and `postal_code` with `a`–`z` upper-cased;
    /// nil when a virtual card sends no address.
    ///
    /// Fields are normalised first, then the rules run in this order and the first failure is thrown.
    /// Within a rule, fields are visited in the order `first_name`, `last_name`, `phone_code`, `phone`,
    /// `postal_code`, `country`, `state`, `city`, `address_line1`, `address_line2`.
    /// 1. Physical card: no `address_info` → 4010 `address_info`; the first missing (or blank) of every
    ///    field but `address_line2` → 4010 naming it.
    /// 2. Virtual card: no `address_info` → nil (accepted). Sent: the first missing of `postal_code`,
    ///    `country`, `state`, `city`, `address_line1` → 1004 naming it. Names and phone are optional
    ///    but checked by the rules below when sent.
    /// 3. Length, in Unicode scalars: names ≤ ``Limits/cardholderNameLengthMax``, every other field
    ///    ≤ ``Limits/addressFieldLengthMax`` → 1004.
    /// 4. `first_name`, `last_name`: any character but English letters, space, `-`, `'`, `.` → 2008.
    /// 5. `state`, `city`, `address_line1`, `address_line2`: a letter, mark or digit of another script
    ///    → 2008; else any character but English letters, ASCII digits, space and
    ///    `- / # , . ' & ( ) :` (symbols, emoji, control characters) → 2007.
    /// 6. `country`: not 2 English letters → 1004; not supported → 2009.
    /// 7. `phone_code`: not digits only (a `+` included) → 1004; not a supported country's calling code
    ///    → 1004. `phone`: not 4–15 ASCII digits → 1004.
    /// 8. `postal_code`: not in one of the country's formats → 2010; for the US, a ZIP (`12345` or
    ///    `12345-6789`) that the postal directory does not list with this `state` (USPS code or English
    ///    name) and `city` (primary or acceptable name) → 2010. With an empty directory the US format
    ///    alone is checked.
    public func validate(_ address: CardAddress?, for cardType: CardType) throws(CardplaneError) -> CardAddress? {
        // 1.–2. Presence, per card type.
        guard let address = try Self.requirePresence(address.map(Self.normalised), for: cardType) else {
            return nil
        }
        // 3. Lengths.
        try Self.checkLengths(address)
        // 4. Names.
        try Self.checkNames(address)
        // 5. Address text.
        try Self.checkAddressText(address)
        // 6. Country.
        let country = try supportedCountry(address.country ?? "")
        // 7. Phone code and phone.
        try checkPhone(address)
        // 8. Postal code.
        try checkPostalCode(address, in: country)
        return address
    }

    /// Every field trimmed, blank ones nil, `country` and `postal_code` upper-cased (ASCII letters only).
    static func normalised(_ address: CardAddress) -> CardAddress {
        var result = address
        for field in AddressField.allCases {
            let trimmed = address[keyPath: field.keyPath].map(AddressText.trimmed)
            result[keyPath: field.keyPath] = trimmed?.isEmpty == false ? trimmed : nil
        }
        result.country = result.country.map(AddressText.asciiUppercased)
        result.postalCode = result.postalCode.map(AddressText.asciiUppercased)
        return result
    }

    /// Rules 1 and 2: the fields each card type requires.
    private static func requirePresence(
        _ address: CardAddress?,
        for cardType: CardType
    ) throws(CardplaneError) -> CardAddress? {
        switch cardType {
        case .physical:
            guard let address else { throw CardplaneError(.billingAddressRequired, field: "address_info") }
            if let missing = AddressField.requiredForPhysicalCard.first(where: { address[keyPath: $0.keyPath] == nil })
            {
                throw CardplaneError(.billingAddressRequired, field: missing.rawValue)
            }
            return address
        case .virtual:
            guard let address else { return nil }
            if let missing = AddressField.requiredForVirtualCard.first(where: { address[keyPath: $0.keyPath] == nil }) {
                throw CardplaneError.invalidParameter(missing.rawValue)
            }
            return address
        }
    }

    /// Rule 3.
    private static func checkLengths(_ address: CardAddress) throws(CardplaneError) {
        for field in AddressField.allCases {
            if let value = address[keyPath: field.keyPath], value.unicodeScalars.count > field.lengthMax {
                throw CardplaneError.invalidParameter(field.rawValue)
            }
        }
    }

    /// Rule 4.
    private static func checkNames(_ address: CardAddress) throws(CardplaneError) {
        for field in AddressField.names {
            if let value = address[keyPath: field.keyPath], AddressText.nameFault(value) != nil {
                throw CardplaneError(.englishOnly, field: field.rawValue)
            }
        }
    }

    /// Rule 5.
    private static func checkAddressText(_ address: CardAddress) throws(CardplaneError) {
        for field in AddressField.addressText {
            guard let value = address[keyPath: field.keyPath] else { continue }
            switch AddressText.addressFault(value) {
            case .notEnglish: throw CardplaneError(.englishOnly, field: field.rawValue)
            case .disallowedCharacter: throw CardplaneError(.addressCharactersInvalid, field: field.rawValue)
            case nil: continue
            }
        }
    }

    /// Rule 6: the rule of an upper-cased `country`.
    private func supportedCountry(_ code: String) throws(CardplaneError) -> CountryRule {
        guard code.unicodeScalars.count == 2, code.unicodeScalars.allSatisfy(AddressText.isEnglishLetter) else {
            throw CardplaneError.invalidParameter(AddressField.country.rawValue)
        }
        guard let rule = countries[code] else {
            throw CardplaneError(.countryNotSupported, field: AddressField.country.rawValue)
        }
        return rule
    }

    /// Rule 7.
    private func checkPhone(_ address: CardAddress) throws(CardplaneError) {
        if let phoneCode = address.phoneCode {
            guard AddressText.isDigits(phoneCode), callingCodes.contains(phoneCode) else {
                throw CardplaneError.invalidParameter(AddressField.phoneCode.rawValue)
            }
        }
        if let phone = address.phone {
            let digits = Limits.phoneDigitsMin...Limits.phoneDigitsMax
            guard AddressText.isDigits(phone), digits.contains(phone.unicodeScalars.count) else {
                throw CardplaneError.invalidParameter(AddressField.phone.rawValue)
            }
        }
    }

    /// Rule 8.
    private func checkPostalCode(_ address: CardAddress, in country: CountryRule) throws(CardplaneError) {
        let mismatch = CardplaneError(.postalCodeMismatch, field: AddressField.postalCode.rawValue)
        let postalCode = address.postalCode ?? ""
        guard country.hasPostalCodeFormat(postalCode) else { throw mismatch }
        switch country.postalCodeCheck {
        case .formatOnly:
            return
        case .usZIPDirectory:
            guard postalDirectory.usZIPCount > 0 else { return }
            let matches = postalDirectory.usAddressMatches(
                postalCode: postalCode,
                state: address.state ?? "",
                city: address.city ?? ""
            )
            guard matches else { throw mismatch }
        }
    }
}
