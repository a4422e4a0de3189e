/// Character classes of `address_info` text (spec §4.4: "address fields must be English").
///
/// Checks work on Unicode scalars, so a decomposed `é` (`e` + U+0301) is caught like a composed one.
enum AddressText {
    /// What a name or address field holds that the rules refuse, if anything.
    enum Fault: Equatable {
        /// A letter, mark or digit of another script, or (in names) any other character: 2008.
        case notEnglish
        /// A symbol, emoji or control character outside the allowed address symbols: 2007.
        case disallowedCharacter
    }

    /// Symbols a name may hold besides English letters: space, hyphen, apostrophe, period
    /// (`Mary-Jane`, `O'Brien`, `John Jr.`).
    static let nameSymbols: Set<Unicode.Scalar> = [" ", "-", "'", "."]

    /// Symbols an address field (`state`, `city`, `address_line1`, `address_line2`) may hold besides
    /// English letters and ASCII digits: space `-` `/` `#` `,` `.` `'` `&` `(` `)` `:`.
    static let addressSymbols: Set<Unicode.Scalar> = [" ", "-", "/", "#", ",", ".", "'", "&", "(", ")", ":"]

    /// `A`–`Z` and `a`–`z`.
    static func isEnglishLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
    }

    /// `0`–`9`.
    static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    /// A letter, combining mark or digit outside ASCII: accented Latin, CJK, kana, Hangul, Cyrillic,
    /// Greek, Arabic, Hebrew, fullwidth forms, non-ASCII digits.
    static func isForeignLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        guard !scalar.isASCII else { return false }
        if scalar.properties.isAlphabetic { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Names (rule 4): anything but English letters and ``nameSymbols`` is not English.
    static func nameFault(_ text: String) -> Fault? {
        let allowed = text.unicodeScalars.allSatisfy { isEnglishLetter($0) || nameSymbols.contains($0) }
        return allowed ? nil : .notEnglish
    }

    /// Address fields (rule 5): a foreign letter or digit anywhere is not English (checked first, over
    /// the whole field); otherwise anything but English letters, ASCII digits and ``addressSymbols``
    /// is a disallowed character.
    static func addressFault(_ text: String) -> Fault? {
        if text.unicodeScalars.contains(where: isForeignLetterOrDigit) { return .notEnglish }
        let allowed = text.unicodeScalars.allSatisfy {
            isEnglishLetter($0) || isASCIIDigit($0) || addressSymbols.contains($0)
        }
        return allowed ? nil : .disallowedCharacter
    }

    /// Whether `text` is one or more ASCII digits.
    static func isDigits(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy(isASCIIDigit)
    }

    /// `text` without leading and trailing whitespace (spaces, tabs, line breaks, Unicode spaces).
    static func trimmed(_ text: String) -> String {
        let characters = text.drop(while: \.isWhitespace)
        guard let last = characters.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(characters[...last])
    }

    /// `text` with `a`–`z` upper-cased and every other character kept as it is.
    static func asciiUppercased(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let isLower = ("a"..."z").contains(scalar)
            result.append(isLower ? Unicode.Scalar(UInt8(scalar.value) - 32) : scalar)
        }
        return String(result)
    }

    /// A comparison key for place names: upper case, every run of characters other than English
    /// letters and digits turned into one space (`St. Louis` → `ST LOUIS`, `Winston-Salem` →
    /// `WINSTON SALEM`, `Coeur d'Alene` → `COEUR D ALENE`).
    static func placeKey(_ text: String) -> String {
        var words: [String] = []
        var word = ""
        for scalar in text.unicodeScalars {
            if isEnglishLetter(scalar) || isASCIIDigit(scalar) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word.uppercased())
                word = ""
            }
        }
        if !word.isEmpty { words.append(word.uppercased()) }
        return words.joined(separator: " ")
    }
}
