/// The `Idempotency-Key` a merchant may send with any `POST` (spec §13): 1 to 255 printable ASCII
/// characters (space to `~`), chosen by the merchant and scoped to it.
public struct IdempotencyKey: Sendable, Hashable, CustomStringConvertible {
    /// The longest key accepted.
    public static let lengthMax = 255

    public let value: String

    /// The key in `header`, or `nil` when it is empty, longer than ``lengthMax`` or holds anything
    /// but printable ASCII (a control character, a non-ASCII byte).
    public init?(header: String) {
        let bytes = header.utf8
        guard (1...Self.lengthMax).contains(bytes.count), bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            return nil
        }
        value = header
    }

    public var description: String { value }
}

/// The stored answer to an idempotent request, replayed byte for byte to every later request with
/// the same key and body.
public struct IdempotentAnswer: Sendable, Equatable {
    /// The envelope's `code`: 0 for a success.
    public var code: Int
    public var status: Int
    public var contentType: String
    /// The body exactly as first sent (an envelope: always UTF-8 JSON).
    public var body: String

    public init(code: Int, status: Int, contentType: String, body: String) {
        self.code = code
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}
