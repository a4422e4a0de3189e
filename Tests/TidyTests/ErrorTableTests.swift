import CardplaneCore
import Testing

/// The error catalog against the project's own table (`docs/reference/error-codes.tsv`), and the
/// table against the shared seed where the seed is beside the repository.
@Suite struct ErrorTableTests {
    static let table = ErrorCodeTable.committed

    @Test func tableIsWellFormed() {
        #expect(Self.table.header == ErrorCodeTable.header, "\(ErrorCodeTable.path) must start with its header")
        #expect(Self.table.malformedLines == 0, "every row is code, name, en_US, zh_CN separated by tabs")
        #expect(Self.table.rows.count >= 60, "the table lists every code; found \(Self.table.rows.count)")
        #expect(Self.table.codes == Self.table.codes.sorted(), "rows are in code order")
        #expect(Set(Self.table.codes).count == Self.table.codes.count, "each code once")
    }

    @Test func catalogSaysWhatTheTableSays() throws {
        for row in Self.table.rows {
            let code = try #require(ErrorCode(rawValue: row.code), "\(row.code) is in the table, not in ErrorCode")
            #expect("\(code)" == row.name, "\(row.code) is named \(code) in ErrorCode")
            #expect(code.message(in: .english) == row.english, "English text of \(row.code)")
            #expect(code.message(in: .chinese) == row.chinese, "Chinese text of \(row.code)")
        }
    }

    @Test func everyCatalogCodeIsInTheTable() {
        let tableCodes = Set(Self.table.codes)
        for code in ErrorCode.allCases {
            #expect(tableCodes.contains(code.rawValue), "\(code.rawValue) (\(code)) is missing from the table")
        }
    }

    /// Runs where `../shared/seed/` exists (CI, the developers' machines); a clone on its own skips it.
    @Test(
        .enabled(
            if: SharedSeed.isPresent,
            "../shared/seed/ is not beside this checkout: the table is not compared with the shared seed"
        )
    )
    func tableMatchesTheSharedSeed() throws {
        let seed = try SharedSeed.rows()
        #expect(seed.count >= 60, "the seed lists every code; found \(seed.count)")
        let tableCodes = Self.table.codes.filter { $0 != ErrorCode.success.rawValue }
        #expect(Set(seed.map(\.code)) == Set(tableCodes), "the table and the seed list different codes")
        let english = Dictionary(Self.table.rows.map { ($0.code, $0.english) }, uniquingKeysWith: { first, _ in first })
        for (code, text) in seed {
            #expect(english[code] == text, "English text of \(code) differs from the seed")
        }
    }
}
