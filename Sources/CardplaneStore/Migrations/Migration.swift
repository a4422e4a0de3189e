/// One forward-only schema change, applied in its own transaction and recorded in `schema_migration`.
///
/// Statements are written once in the SQL both engines accept (TEXT, BIGINT, CHECK, REFERENCES,
/// UNIQUE); times are Unix milliseconds in BIGINT columns, amounts integer minor units. What only
/// one engine can say (triggers, `UNLOGGED`) goes in that engine's list, run after the shared ones.
public struct Migration: Sendable {
    /// Position in the sequence; never reused, never reordered.
    public let version: Int
    /// What the migration does, e.g. `merchants_and_credentials`.
    public let name: String
    /// The statements, run in order.
    public let statements: [String]
    /// Statements run after ``statements`` on SQLite only.
    public let sqliteStatements: [String]
    /// Statements run after ``statements`` on PostgreSQL only.
    public let postgresStatements: [String]

    public init(
        version: Int,
        name: String,
        statements: [String],
        sqliteStatements: [String] = [],
        postgresStatements: [String] = []
    ) {
        self.version = version
        self.name = name
        self.statements = statements
        self.sqliteStatements = sqliteStatements
        self.postgresStatements = postgresStatements
    }

    /// Every statement this migration runs on the engine of `url`.
    func statements(for url: DatabaseURL) -> [String] {
        switch url {
        case .sqlite: return statements + sqliteStatements
        case .postgres: return statements + postgresStatements
        }
    }
}
