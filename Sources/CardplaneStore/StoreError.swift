/// Failures of the store that are not the caller's fault. Descriptions name tables, never values.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A row holds a value the schema's CHECK constraints should have kept out.
    case corruptRow(table: String)
    /// A generated unique number collided too many times in a row.
    case uniqueNumberExhausted(table: String)
    /// The database URL's `sslrootcert` file holds no readable PEM certificate.
    case unreadableRootCertificate(path: String)
    /// The first connection to PostgreSQL failed; `reason` says why (TLS, refused, authentication).
    case unreachable(endpoint: String, reason: String)

    public var description: String {
        switch self {
        case .corruptRow(let table): return "corrupt row in \(table)"
        case .uniqueNumberExhausted(let table): return "could not generate a unique number for \(table)"
        case .unreadableRootCertificate(let path): return "sslrootcert \(path) holds no readable PEM certificate"
        case .unreachable(let endpoint, let reason): return "cannot connect to PostgreSQL at \(endpoint): \(reason)"
        }
    }
}
