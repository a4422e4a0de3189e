import CardplaneCore
import Foundation
import Testing

/// The catalog against the seed: every code of `shared/seed/` exists with the seed's English text,
/// and every code has a Chinese text.
@Suite struct ErrorCatalogTests {
    /// `(code, English text)` rows read from the seed file(s) beside the repository.
    static let seedRows: [(Int, String)] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let seedDirectory = root.appendingPathComponent("shared/seed")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: seedDirectory.path)) ?? []
        var rows: [(Int, String)] = []
        for file in files {
            let text =
                (try? String(contentsOfFile: seedDirectory.appendingPathComponent(file).path, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                let digits = line.prefix(while: \.isNumber)
                guard digits.count == 4, let code = Int(digits) else { continue }
                rows.append((code, String(line.dropFirst(4))))
            }
        }
        return rows
    }()

    @Test func seedIsFound() {
        #expect(Self.seedRows.count >= 60, "the seed table should list every code; found \(Self.seedRows.count)")
    }

    @Test func everySeedCodeHasItsEnglishText() throws {
        for (code, text) in Self.seedRows {
            let errorCode = try #require(ErrorCode(rawValue: code), "seed code \(code) missing from ErrorCode")
            #expect(errorCode.message(in: .english) == text, "code \(code)")
        }
    }

    @Test func everyCatalogCodeIsInTheSeed() {
        let seedCodes = Set(Self.seedRows.map(\.0))
        for code in ErrorCode.allCases where code != .success {
            #expect(seedCodes.contains(code.rawValue), "\(code.rawValue) is not in the seed")
        }
    }

    @Test(arguments: ErrorCode.allCases)
    func everyCodeHasAChineseText(_ code: ErrorCode) {
        let chinese = code.message(in: .chinese)
        #expect(chinese != code.message(in: .english))
        #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
    }

    @Test func parameterErrorsNameTheirField() {
        let error = CardplaneError.invalidParameter("balance")
        #expect(error.message(in: .english) == "balance: Invalid request parameter")
        #expect(error.message(in: .chinese) == "balance: 请求参数无效")
        #expect(CardplaneError(.apiKeyRequired).message(in: .english) == "Api-Key is required")
    }

    @Test func parameterErrorCodesAreTheSeedsList() {
        let parameterCodes = ErrorCode.allCases.filter(\.isParameterError).map(\.rawValue)
        #expect(parameterCodes == [1004, 2007, 2008, 2009, 2010, 4010])
    }

    @Test(
        arguments: [
            (nil, Language.english), ("en_US", .english), ("zh_CN", .chinese), ("zh-cn", .chinese),
            ("fr_FR", .english), ("", .english),
        ] as [(String?, Language)]
    )
    func languageHeader(_ header: String?, _ expected: Language) {
        #expect(Language(header: header) == expected)
    }

    @Test func descriptionsCarryNoValues() {
        #expect("\(CardplaneError.invalidParameter("pin"))" == "CardplaneError(1004, field: pin)")
    }
}
