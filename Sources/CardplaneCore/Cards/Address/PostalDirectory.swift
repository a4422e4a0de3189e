/// Postal data: US ZIP → state + accepted city names, parsed from the text of `us-zip.tsv`
/// (`Sources/CardplaneIssuer/Resources/postal/`, built by `scripts/postal/build-us-zip.py`).
///
/// The text has one line per ZIP, `zip<TAB>state<TAB>city|acceptable city|...`; blank lines and lines
/// starting with `#` are skipped. Core only parses text: the caller reads the file.
public struct PostalDirectory: Sendable {
    /// A line of the table that is not `5 digits<TAB>2 letters<TAB>city[|city...]`, or a repeated ZIP.
    public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
        /// 1-based line number in the text.
        public let line: Int
        /// What is wrong with it.
        public let reason: String

        public var description: String { "us-zip table line \(line): \(reason)" }
    }

    /// The state code and the city names (primary first) of one ZIP, as written in the table.
    struct Entry: Sendable {
        let state: String
        let cities: [String]
    }

    /// Entries by the ZIP's numeric value (`"02108"` → 2108).
    private let entries: [Int: Entry]

    /// Parses the US ZIP table; throws on the first malformed line or repeated ZIP.
    public init(usZIPTable text: String) throws(FormatError) {
        var entries: [Int: Entry] = [:]
        var lineNumber = 0
        // `\r\n` is one Character in Swift, and a newline: LF and CRLF files read alike.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            let (zip, entry) = try Self.parse(line, lineNumber: lineNumber)
            guard entries.updateValue(entry, forKey: zip) == nil else {
                throw FormatError(line: lineNumber, reason: "ZIP repeated")
            }
        }
        self.entries = entries
    }

    private init(entries: [Int: Entry]) {
        self.entries = entries
    }

    /// No data: US postal codes are then checked for their format only (tests of other rules, or a
    /// deployment without the table).
    public static let empty = PostalDirectory(entries: [:])

    /// How many US ZIPs the directory knows.
    public var usZIPCount: Int { entries.count }

    /// Whether `postalCode` (5-digit ZIP or ZIP+4 `12345-6789`) exists with this state and city.
    ///
    /// - `state`: the USPS 2-letter code or the English name (``USState``), case-insensitive.
    /// - `city`: the primary city or any acceptable city of the ZIP, compared case-insensitively with
    ///   punctuation read as a space and runs of spaces collapsed (`St. Louis` = `SAINT LOUIS`:
    ///   the words `ST`, `STE`, `FT`, `MT` read as `SAINT`, `SAINTE`, `FORT`, `MOUNT`).
    public func usAddressMatches(postalCode: String, state: String, city: String) -> Bool {
        guard let zip = Self.zipValue(of: postalCode), let entry = entries[zip] else { return false }
        guard USState.code(for: state) == entry.state else { return false }
        let wanted = Self.cityKey(city)
        guard !wanted.isEmpty else { return false }
        return entry.cities.contains { Self.cityKey($0) == wanted }
    }

    /// Whether `postalCode` is `12345` or `12345-6789` (ASCII digits).
    static func isUSZIPFormat(_ postalCode: String) -> Bool {
        zipValue(of: postalCode) != nil
    }

    /// The numeric value of the 5-digit ZIP in `12345` or `12345-6789`; nil for any other shape.
    private static func zipValue(of postalCode: String) -> Int? {
        let scalars = Array(postalCode.unicodeScalars)
        let isZIP = scalars.count == 5
        let isZIPPlus4 = scalars.count == 10 && scalars[5] == "-"
        guard isZIP || isZIPPlus4 else { return nil }
        let digits = isZIP ? scalars : Array(scalars[0..<5] + scalars[6...])
        guard digits.allSatisfy(AddressText.isASCIIDigit) else { return nil }
        return scalars[0..<5].reduce(0) { $0 * 10 + Int($1.value - 48) }
    }

    /// The comparison key of a city name: ``AddressText/placeKey(_:)`` with common abbreviations spelled out.
    static func cityKey(_ city: String) -> String {
        AddressText.placeKey(city).split(separator: " ")
            .map { cityAbbreviations[String($0)] ?? String($0) }
            .joined(separator: " ")
    }

    /// Abbreviations USPS writes both ways in city names.
    private static let cityAbbreviations = ["ST": "SAINT", "STE": "SAINTE", "FT": "FORT", "MT": "MOUNT"]

    private static func parse(_ line: Substring, lineNumber: Int) throws(FormatError) -> (Int, Entry) {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            throw FormatError(line: lineNumber, reason: "expected 3 tab-separated fields, found \(fields.count)")
        }
        let zipText = String(fields[0])
        guard zipText.unicodeScalars.count == 5, let zip = zipValue(of: zipText) else {
            throw FormatError(line: lineNumber, reason: "ZIP is not 5 digits")
        }
        let state = fields[1].uppercased()
        guard state.unicodeScalars.count == 2, state.unicodeScalars.allSatisfy(AddressText.isEnglishLetter) else {
            throw FormatError(line: lineNumber, reason: "state is not a 2-letter code")
        }
        let cities = fields[2].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard cities.allSatisfy({ $0.contains { $0.isLetter || $0.isNumber } }) else {
            throw FormatError(line: lineNumber, reason: "empty city name")
        }
        return (zip, Entry(state: state, cities: cities))
    }
}
