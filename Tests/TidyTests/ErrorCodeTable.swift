import Foundation

/// The project's own table of error codes, `docs/reference/error-codes.tsv`: one row per code with
/// its English and Chinese texts. The catalog in `CardplaneCore` must say the same, and the shared
/// seed beside the repository, where it exists, must list the same codes with the same English.
struct ErrorCodeTable {
    struct Row: Equatable {
        let code: Int
        let name: String
        let english: String
        let chinese: String
    }

    static let path = "docs/reference/error-codes.tsv"
    static let header = "code\tname\ten_US\tzh_CN"

    let header: String
    let rows: [Row]

    /// The table as committed; an unreadable file reads as an empty table, which the tests refuse.
    static let committed = ErrorCodeTable(
        text: (try? String(contentsOf: Repository.root.appendingPathComponent(path), encoding: .utf8)) ?? ""
    )

    init(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        header = lines.first ?? ""
        rows = lines.dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let code = Int(fields[0]) else { return nil }
            return Row(code: code, name: fields[1], english: fields[2], chinese: fields[3])
        }
        malformedLines = lines.dropFirst().count - rows.count
    }

    /// Lines after the header that are not four tab-separated fields starting with a number.
    let malformedLines: Int

    var codes: [Int] { rows.map(\.code) }
}

/// The error table of the shared seed (`../shared/seed/`), present beside the repository on CI and
/// on the developers' machines, absent in a clone on its own.
enum SharedSeed {
    static let folder = Repository.root.deletingLastPathComponent().appendingPathComponent("shared/seed")

    static var isPresent: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// `(code, English text)` for every line of the seed that starts with a four-digit code.
    static func rows() throws -> [(code: Int, english: String)] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().flatMap { name in
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            return text.split(separator: "\n").compactMap { line -> (Int, String)? in
                let digits = line.prefix(while: \.isNumber)
                guard digits.count == 4, let code = Int(digits) else { return nil }
                return (code, String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces))
            }
        }
    }
}
