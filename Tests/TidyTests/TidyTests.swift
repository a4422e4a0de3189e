import Foundation
import Testing

/// Style rules a reviewer should not have to check by eye (STYLE.md §8.5, after TigerBeetle's tidy.zig).
@Suite struct TidyTests {
    static let fileLengthMax = 400
    static let functionLengthMax = 70

    static var allFiles: [Repository.SourceFile] {
        Repository.swiftFiles(under: "Sources") + Repository.swiftFiles(under: "Tests")
    }

    @Test func treeIsFound() {
        #expect(Repository.swiftFiles(under: "Sources").count > 20)
    }

    @Test func filesAreAtMost400Lines() {
        for file in Self.allFiles {
            #expect(
                file.lines.count <= Self.fileLengthMax,
                "\(file.path) has \(file.lines.count) lines; split it by concept"
            )
        }
    }

    /// Function bodies measured by counting braces from the line that declares `func`.
    @Test func functionsAreAtMost70Lines() {
        for file in Self.allFiles {
            for (start, length) in FunctionLengths.measure(file.lines) where length > Self.functionLengthMax {
                Issue.record("\(file.path):\(start + 1) has a function of \(length) lines; extract a helper")
            }
        }
    }

    /// Spelled in two parts so this file does not trip its own rule.
    static let fixMe = "FIX" + "ME"

    /// Each banned construct names what to use instead.
    static let bans: [(pattern: String, folder: String, instead: String)] = [
        ("print(", "Sources", "Output.line in the CLI, a Logger elsewhere"),
        ("try!", "Sources", "throw, or precondition with a reason"),
        (fixMe, "Sources", "an issue, or fix it now"),
        (fixMe, "Tests", "an issue, or fix it now"),
        ("Date()", "Sources/CardplaneCore", "a WallClock passed in"),
        ("import Foundation", "Sources/CardplaneCore", "the standard library; Core stays free of Foundation"),
        ("Double", "Sources/CardplaneCore/Money", "Amount (integer minor units)"),
        ("Float", "Sources/CardplaneCore/Money", "Amount (integer minor units)"),
        ("Double", "Sources/CardplaneCore/Ledger", "Amount (integer minor units)"),
        ("import Hummingbird", "Sources/CardplaneCore", "nothing: Core has no framework imports"),
        ("import Hummingbird", "Sources/CardplaneStore", "nothing: only CardplaneHTTP speaks HTTP"),
        ("import Hummingbird", "Sources/CardplaneIssuer", "nothing: only CardplaneHTTP speaks HTTP"),
        ("import SQLKit", "Sources/CardplaneHTTP", "an Issuer use case: HTTP holds no SQL"),
        ("import CardplaneStore", "Sources/CardplaneHTTP", "a use case of CardplaneIssuer, built in CardplaneApp"),
        ("import ArgumentParser", "Sources/CardplaneHTTP", "nothing: only CardplaneCLI parses arguments"),
    ]

    @Test(arguments: 0..<bans.count)
    func bannedConstructs(_ index: Int) {
        let ban = Self.bans[index]
        for file in Repository.swiftFiles(under: ban.folder) {
            for (number, line) in file.lines.enumerated() where line.contains(ban.pattern) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.hasPrefix("//") else { continue }
                Issue.record("\(file.path):\(number + 1) uses \(ban.pattern); use \(ban.instead)")
            }
        }
    }
}

/// Measures functions with a brace-counting heuristic: from a line declaring `func` or `init`, to the
/// line where its braces balance. Exactness would need swift-syntax, which costs minutes of build.
enum FunctionLengths {
    static func measure(_ lines: [String]) -> [(start: Int, length: Int)] {
        var results: [(Int, Int)] = []
        var index = 0
        while index < lines.count {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            let declares =
                trimmed.range(of: #"^(\S+ )*(func |init\(|init<|init\?)"#, options: .regularExpression) != nil
            guard declares, !trimmed.hasPrefix("//") else {
                index += 1
                continue
            }
            var depth = 0
            var opened = false
            var end = index
            while end < lines.count {
                for character in lines[end] {
                    if character == "{" {
                        depth += 1
                        opened = true
                    } else if character == "}" {
                        depth -= 1
                    }
                }
                if opened && depth <= 0 { break }
                end += 1
            }
            if opened { results.append((index, end - index + 1)) }
            index += 1
        }
        return results
    }
}
