import Foundation

/// The repository's Swift files, read from the checkout these tests were built from.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct SourceFile {
        /// Path relative to the repository root, e.g. `Sources/CardplaneCore/Limits.swift`.
        let path: String
        let lines: [String]
    }

    /// Every `.swift` file under `folder` (relative to the root).
    static func swiftFiles(under folder: String) -> [SourceFile] {
        let base = root.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
            return []
        }
        var files: [SourceFile] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            let relative = String(url.path.dropFirst(root.path.count + 1))
            files.append(SourceFile(path: relative, lines: text.components(separatedBy: "\n")))
        }
        return files.sorted { $0.path < $1.path }
    }
}
