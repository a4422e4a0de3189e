import CardplaneCore
import Testing

/// The catalog's texts: a Chinese text for every code, field names in parameter errors, the
/// `Language` header. `TidyTests/ErrorTableTests` checks every text against the project's table.
@Suite struct ErrorCatalogTests {
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
