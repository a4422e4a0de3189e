/// The language of `msg`, chosen by the request's `Language` header.
public enum Language: String, Sendable, CaseIterable {
    case english = "en_US"
    case chinese = "zh_CN"

    /// The default when the header is absent or names a language we do not speak.
    public static let fallback = Language.english

    /// Reads a `Language` header value; unknown or missing values fall back to English.
    ///
    /// Matching ignores case and accepts `-` for `_` (`zh-CN`), as browsers and HTTP clients vary.
    public init(header: String?) {
        let normalized = String((header ?? "").map { $0 == "-" ? "_" : $0 }).lowercased()
        self = Language.allCases.first { $0.rawValue.lowercased() == normalized } ?? .fallback
    }
}
