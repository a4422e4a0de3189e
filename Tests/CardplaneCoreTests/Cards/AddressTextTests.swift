import CardplaneCore
import Testing

/// Rules 4 and 5 of ``AddressRules/validate(_:for:)``: names and address fields must be English.
@Suite struct AddressTextTests {
    static let rules = AddressRules(postalDirectory: .empty)

    static let names = ["first_name", "last_name"]
    static let addressFields = ["state", "city", "address_line1", "address_line2"]

    /// Names and words in other scripts, accented Latin, fullwidth forms and non-ASCII digits.
    static let notEnglish = [
        "张伟",  // Chinese
        "北京市朝阳区",  // Chinese
        "山田太郎",  // Japanese kanji
        "やまだ",  // Japanese hiragana
        "ヤマダ",  // Japanese katakana
        "Иван",  // Cyrillic
        "ул Ленина 1",  // Cyrillic
        "Γιάννης",  // Greek
        "محمد",  // Arabic
        "דוד",  // Hebrew
        "김민준",  // Korean
        "José",  // accented Latin
        "Zoë",
        "Müller",
        "Straße 1",
        "François",
        "Jose\u{301}",  // decomposed é
        "ＪＯＨＮ",  // fullwidth Latin
        "١٢ Main",  // Arabic-Indic digits
        "１２３ Main",  // fullwidth digits
    ]

    @Test(arguments: names, notEnglish)
    func foreignNamesAre2008(_ field: String, _ value: String) {
        #expect(throws: CardplaneError(.englishOnly, field: field)) {
            try Self.rules.validate(CardAddress.sample.with(field, value), for: .physical)
        }
    }

    @Test(arguments: addressFields, notEnglish)
    func foreignAddressTextIs2008(_ field: String, _ value: String) {
        #expect(throws: CardplaneError(.englishOnly, field: field)) {
            try Self.rules.validate(CardAddress.sample.with(field, value), for: .physical)
        }
    }

    /// Names hold English letters, space, `-`, `'` and `.` only; anything else is not English either.
    @Test(
        arguments: names,
        ["Jane3", "Jane@", "Jane!", "Jane_Doe", "J&J", "Jane\tDoe", "Jane 🙂", "Doe, Jane", "O’Brien"]
    )
    func otherCharactersInNamesAre2008(_ field: String, _ value: String) {
        #expect(throws: CardplaneError(.englishOnly, field: field)) {
            try Self.rules.validate(CardAddress.sample.with(field, value), for: .physical)
        }
    }

    @Test(arguments: ["Mary-Jane", "O'Brien", "St. John", "Jean Luc", "DOE", "x"])
    func englishNames(_ name: String) throws {
        let address = CardAddress.sample.with("first_name", name).with("last_name", name)
        #expect(try Self.rules.validate(address, for: .physical) == address)
    }

    /// Symbols outside `- / # , . ' & ( ) :`, emoji, markup and control characters.
    static let disallowed = [
        "Main St @ 5th", "$100 Road", "Hello!", "100% Street", "Main St 🏠", "<script>alert(1)</script>",
        "Main St; DROP TABLE", "Quote \"x\"", "O’Neil St", "Main_St", "A*B", "A+B", "A=B", "A~B", "A|B",
        "A\\B", "A?B", "[Unit 4]", "{Unit 4}", "Line\u{0}1", "Line\tTab", "Line\n2", "Line\r2", "A\u{7F}B",
        "Zero\u{200B}Width", "No\u{00A0}Break", "A^B", "A`B", "€5 St", "Main，St",
    ]

    @Test(arguments: addressFields, disallowed)
    func symbolsInAddressAre2007(_ field: String, _ value: String) {
        #expect(throws: CardplaneError(.addressCharactersInvalid, field: field)) {
            try Self.rules.validate(CardAddress.sample.with(field, value), for: .physical)
        }
    }

    @Test(arguments: addressFields)
    func foreignLetterWinsOverSymbol(_ field: String) {
        #expect(throws: CardplaneError(.englishOnly, field: field)) {
            try Self.rules.validate(CardAddress.sample.with(field, "Main @ José"), for: .physical)
        }
    }

    @Test(
        arguments: [
            "Apt #5, Bldg. 3/4 (rear) - O'Hara & Sons: Attn", "1600 Pennsylvania Ave NW", "PO Box 123",
            "Unit 7/12", "c/o Smith",
        ]
    )
    func allowedAddressSymbols(_ line: String) throws {
        let address = CardAddress.sample.with("address_line1", line).with("address_line2", line)
        #expect(try Self.rules.validate(address, for: .physical) == address)
    }
}
