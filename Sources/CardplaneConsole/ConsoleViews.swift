import Foundation
import Mustache

/// The console's templates (`Templates/*.mustache`, bundled with the binary) and its stylesheet.
/// `{{…}}` escapes HTML; the only unescaped insertions (`{{{…}}}`) are charts drawn by
/// ``ConsoleChart``, which escapes its own text.
struct ConsoleViews: Sendable {
    let library: MustacheLibrary
    let stylesheet: String

    static let templateNames = [
        "header", "footer", "login", "message", "overview", "merchants", "merchant", "payments", "payment",
        "deliveries", "callbacks", "cardholders", "cardholder", "cardrows", "cards", "ledger", "account",
    ]

    /// Reads the bundled templates.
    static func load() throws -> ConsoleViews {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Templates") else {
            throw MissingResource(name: "Templates")
        }
        var library = MustacheLibrary()
        for name in templateNames {
            let url = directory.appendingPathComponent("\(name).mustache")
            try library.register(String(contentsOf: url, encoding: .utf8), named: name)
        }
        let stylesheet = try String(contentsOf: directory.appendingPathComponent("console.css"), encoding: .utf8)
        return ConsoleViews(library: library, stylesheet: stylesheet)
    }

    /// The page `template` filled from `context`.
    func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template) ?? ""
    }

    struct MissingResource: Error {
        let name: String
    }
}

/// How the console writes times and amounts.
enum ConsoleFormat {
    /// `2026-12-03 14:05:06` in UTC.
    static func time(_ ms: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1_000))
    }

    /// `HH:mm` in UTC, for chart axes.
    static func clock(_ ms: Int64) -> String {
        String(time(ms).dropFirst(11).prefix(5))
    }

    /// A `datetime-local` value (`2026-12-03T14:05`, read as UTC) in Unix milliseconds.
    static func milliseconds(dateTimeLocal text: String) -> Int64? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970 * 1_000) }
    }
}
