import CardplaneCore
import Foundation
import Testing

/// The real US ZIP table of the repository, read once for every test that needs it.
enum USZIPTable {
    /// `Sources/CardplaneIssuer/Resources/postal/us-zip.tsv`, found from this file's place in the checkout.
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Sources/CardplaneIssuer/Resources/postal/us-zip.tsv")

    static let text: String = (try? String(contentsOf: url, encoding: .utf8)) ?? ""

    static let parsed = Result { () throws(PostalDirectory.FormatError) -> PostalDirectory in
        try PostalDirectory(usZIPTable: text)
    }

    /// The parsed table; a test using it fails when the file is missing or malformed.
    static func directory() throws -> PostalDirectory {
        let directory = try parsed.get()
        try #require(directory.usZIPCount > 0, "us-zip.tsv not found at \(url.path)")
        return directory
    }

    /// The data lines (not comments) of the file.
    static var dataLines: [Substring] {
        text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    }
}

@Suite struct PostalDirectoryTests {
    static let statesAndDC = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
        "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
        "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
    ]

    @Test func realTableHasEveryZIPOfTheFile() throws {
        let directory = try USZIPTable.directory()
        #expect(directory.usZIPCount > 40_000)
        #expect(directory.usZIPCount == USZIPTable.dataLines.count)
        #expect(USZIPTable.text.hasPrefix("# "), "first line names source, version and licence")
    }

    @Test func realTableCoversEveryStateAndDC() {
        let states = Set(USZIPTable.dataLines.map { $0.split(separator: "\t")[1] }.map(String.init))
        #expect(Self.statesAndDC.count == 51)
        for state in Self.statesAndDC {
            #expect(states.contains(state), "no ZIP for \(state)")
        }
    }

    @Test func realTableLinesAreSortedAndUpperCase() {
        let lines = USZIPTable.dataLines
        let zips = lines.map { $0.prefix(5) }
        #expect(zips == zips.sorted())
        #expect(lines.allSatisfy { $0 == $0.uppercased() })
    }

    @Test func emptyDirectoryKnowsNothing() {
        #expect(PostalDirectory.empty.usZIPCount == 0)
        #expect(!PostalDirectory.empty.usAddressMatches(postalCode: "10001", state: "NY", city: "New York"))
    }

    @Test func commentsBlankLinesAndCRLFAreAccepted() throws {
        let directory = try PostalDirectory(
            usZIPTable: "# source\n\n10001\tNY\tNEW YORK\r\n02108\tma\tBoston|Beacon Hill\n"
        )
        #expect(directory.usZIPCount == 2)
        #expect(directory.usAddressMatches(postalCode: "02108", state: "MA", city: "beacon hill"))
        #expect(directory.usAddressMatches(postalCode: "10001-0001", state: "ny", city: "New York"))
    }

    @Test(
        arguments: [
            ("1000\tNY\tNEW YORK", 1),
            ("1000A\tNY\tNEW YORK", 1),
            ("100011\tNY\tNEW YORK", 1),
            ("10001\tNYC\tNEW YORK", 1),
            ("10001\tN1\tNEW YORK", 1),
            ("10001\tNY", 1),
            ("10001 NY NEW YORK", 1),
            ("10001\tNY\tNEW YORK\textra", 1),
            ("10001\tNY\t", 1),
            ("10001\tNY\tNEW YORK||MANHATTAN", 1),
            ("# header\n\n10001\tNY\t ", 3),
            ("10001\tNY\tNEW YORK\n10001\tNY\tMANHATTAN", 2),
        ] as [(String, Int)]
    )
    func malformedLinesAreRefused(_ text: String, _ line: Int) {
        #expect(throws: PostalDirectory.FormatError.self) { try PostalDirectory(usZIPTable: text) }
        do {
            _ = try PostalDirectory(usZIPTable: text)
        } catch {
            #expect(error.line == line)
        }
    }

    /// Every state of ``statesAndDC`` is also accepted by its English name.
    @Test(
        arguments: [
            ("AL", "Alabama"), ("AK", "ALASKA"), ("CA", "california"), ("DC", "District of Columbia"),
            ("NH", "New  Hampshire"), ("NC", "North Carolina"), ("WV", "West Virginia"), ("WA", "Washington"),
            ("PR", "Puerto Rico"), ("VI", "U.S. Virgin Islands"), ("AE", "Armed Forces Europe"),
        ]
    )
    func stateNames(_ code: String, _ name: String) throws {
        let directory = try PostalDirectory(usZIPTable: "12345\t\(code)\tSOMEWHERE")
        #expect(directory.usAddressMatches(postalCode: "12345", state: name, city: "Somewhere"))
        #expect(directory.usAddressMatches(postalCode: "12345", state: code.lowercased(), city: "Somewhere"))
        #expect(!directory.usAddressMatches(postalCode: "12345", state: "\(name) State", city: "Somewhere"))
    }
}
