/// A secret value that cannot print itself: PANs, CVVs, PIN blocks, API secrets, tokens.
///
/// `description`, `debugDescription` and string interpolation show a fixed redaction, and the type
/// is deliberately not `Encodable`; the value leaves only through ``reveal()``, which reads as what it is.
public struct Sensitive<Value: Sendable>: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: Value

    public init(_ value: Value) {
        self.value = value
    }

    /// The secret itself. Call it only where the secret is used (hashing, sealing, the one response
    /// that returns it), never to log.
    public func reveal() -> Value { value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

extension Sensitive: Equatable where Value == String {
    /// Compares in constant time for equal lengths, so timing does not reveal a shared prefix.
    public static func == (lhs: Sensitive<String>, rhs: Sensitive<String>) -> Bool {
        ConstantTime.equals(Array(lhs.value.utf8), Array(rhs.value.utf8))
    }
}
