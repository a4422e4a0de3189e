import Foundation

/// Where the store lives: `sqlite://PATH` or `postgres://user:pass@host:port/db`.
///
/// `sqlite://data/x.sqlite` is relative to the working directory, `sqlite:///var/x.sqlite` absolute.
/// `postgresql://` is accepted as a synonym of `postgres://`. The password never appears in
/// ``description``.
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresEndpoint)

    /// The embedded default (issue #2): SQLite at `./data/cardplane.sqlite`.
    public static let embeddedDefault = DatabaseURL.sqlite(path: "data/cardplane.sqlite")

    /// Whether this is the embedded engine (SQLite), where demo data is created by default.
    public var isEmbedded: Bool {
        if case .sqlite = self { return true }
        return false
    }

    /// The environment variable every command reads when `--database` is not given.
    public static let environmentVariable = "CARDPLANE_DATABASE_URL"

    /// Parses `text`; `nil` when the scheme is unknown or a required part is missing.
    public init?(_ text: String) {
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { return nil }
            self = .sqlite(path: path)
            return
        }
        guard let components = URLComponents(string: text),
            components.scheme == "postgres" || components.scheme == "postgresql",
            let host = components.host, !host.isEmpty, let user = components.user, !user.isEmpty
        else { return nil }
        let database = String(components.path.drop(while: { $0 == "/" }))
        self = .postgres(
            PostgresEndpoint(
                host: host,
                port: components.port ?? 5432,
                username: user.removingPercentEncoding ?? user,
                password: components.password.map { $0.removingPercentEncoding ?? $0 },
                database: database.isEmpty ? user : database
            )
        )
    }

    /// The URL with its password, for handing to another process. Never log it; log ``description``.
    public var connectionString: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let endpoint):
            let user =
                endpoint.username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? endpoint.username
            let password =
                endpoint.password.map {
                    ":" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? $0)
                } ?? ""
            return "postgres://\(user)\(password)@\(endpoint.host):\(endpoint.port)/\(endpoint.database)"
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let endpoint):
            return "postgres://\(endpoint.username)@\(endpoint.host):\(endpoint.port)/\(endpoint.database)"
        }
    }
}

/// How to reach a PostgreSQL server.
public struct PostgresEndpoint: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
}
