import Foundation
import Testing

/// Every error code of the project's table (`docs/reference/error-codes.tsv`) is provoked by an HTTP
/// test (or, for operator-only codes, a command test), or is listed here as pending with the issue
/// that brings the endpoint returning it. The list must shrink as issues land: a pending code
/// that a test already names fails too, so the list cannot go stale.
@Suite struct ErrorCoverageTests {
    /// Codes no implemented endpoint can return yet, and the issue that will return them.
    static let pending: [Int: String] = [:]

    /// Every code of the project's error table but 0 (success).
    static var tableCodes: [Int] {
        ErrorCodeTable.committed.codes.filter { $0 != 0 }
    }

    /// The text of every HTTP test file, where codes are asserted (`reply.code == 1002`), and of the
    /// command-line tests, for the codes only operator commands answer (3001, 3003 on deposits).
    static var httpTestText: String {
        (Repository.swiftFiles(under: "Tests/CardplaneHTTPTests")
            + Repository.swiftFiles(under: "Tests/CardplaneCLITests"))
            .map { $0.lines.joined(separator: "\n") }.joined(separator: "\n")
    }

    @Test func everyCodeIsTestedOverHTTPOrPending() {
        let codes = Self.tableCodes
        #expect(codes.count >= 60, "error table not found: \(ErrorCodeTable.path)")
        let text = Self.httpTestText
        for code in codes {
            let tested = text.range(of: "\\b\(code)\\b", options: .regularExpression) != nil
            if let issue = Self.pending[code] {
                #expect(!tested, "\(code) is tested now; remove it from the pending list (was \(issue))")
            } else {
                #expect(tested, "no HTTP test asserts code \(code)")
            }
        }
    }
}
