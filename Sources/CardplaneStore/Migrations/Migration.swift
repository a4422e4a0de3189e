/// One forward-only schema change, applied in its own transaction and recorded in `schema_migration`.
///
/// Statements are written once in the SQL both engines accept (TEXT, BIGINT, CHECK, REFERENCES,
/// UNIQUE); times are Unix milliseconds in BIGINT columns, amounts integer minor units.
public struct Migration: Sendable {
    /// Position in the sequence; never reused, never reordered.
    public let version: Int
    /// What the migration does, e.g. `merchants_and_credentials`.
    public let name: String
    /// The statements, run in order.
    public let statements: [String]

    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}
