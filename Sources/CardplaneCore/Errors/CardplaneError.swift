/// A failure the merchant sees: a catalogued code and, for parameter errors, the snake_case field.
///
/// Thrown by the layer that detects it and rendered by the HTTP edge. Its `description` holds the
/// code and field only, so it is always safe to log; it never carries a value from the request.
public struct CardplaneError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The catalogued code.
    public let code: ErrorCode
    /// The snake_case request field at fault, for parameter errors (1004, 2007–2010, 4010).
    public let field: String?

    public init(_ code: ErrorCode, field: String? = nil) {
        self.code = code
        self.field = field
    }

    /// A 1004 naming `field`.
    public static func invalidParameter(_ field: String) -> CardplaneError {
        CardplaneError(.invalidParameter, field: field)
    }

    /// The envelope's `msg`: the catalogued text, prefixed with `"<field>: "` for parameter errors.
    public func message(in language: Language) -> String {
        let text = code.message(in: language)
        guard let field else { return text }
        return "\(field): \(text)"
    }

    public var description: String {
        if let field { return "CardplaneError(\(code.rawValue), field: \(field))" }
        return "CardplaneError(\(code.rawValue))"
    }
}
