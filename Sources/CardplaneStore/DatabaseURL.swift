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

    /// Whether this is an embedded database that does not exist yet (or is an empty file).
    public var isNewEmbedded: Bool {
        guard case .sqlite(let path) = self else { return false }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        return (size ?? 0) == 0
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
        let query = components.queryItems ?? []
        guard query.allSatisfy({ ["sslmode", "sslrootcert"].contains($0.name) && $0.value?.isEmpty == false }),
            let sslMode = PostgresEndpoint.SSLMode(query: query.first { $0.name == "sslmode" }?.value)
        else { return nil }
        self = .postgres(
            PostgresEndpoint(
                host: host,
                port: components.port ?? 5432,
                username: user.removingPercentEncoding ?? user,
                password: components.password.map { $0.removingPercentEncoding ?? $0 },
                database: database.isEmpty ? user : database,
                sslMode: sslMode,
                sslRootCertificate: query.first { $0.name == "sslrootcert" }?.value
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
                + endpoint.queryText
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let endpoint):
            return "postgres://\(endpoint.username)@\(endpoint.host):\(endpoint.port)/\(endpoint.database)"
                + endpoint.queryText
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
    /// TLS to the server, as libpq's `sslmode` (default `prefer`).
    public var sslMode: SSLMode = .prefer
    /// PEM file of the CA certificates that verify the server (`sslrootcert`); the system's when `nil`.
    public var sslRootCertificate: String?

    /// libpq's `sslmode` values that mean something without client certificates.
    public enum SSLMode: String, Sendable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, unverified; plain otherwise (libpq's default).
        case prefer
        /// TLS or no connection; the certificate is verified against `sslrootcert` only when one
        /// is given (then as `verify-ca`), as libpq does.
        case require
        /// TLS with a certificate signed by a trusted CA, any host name.
        case verifyCA = "verify-ca"
        /// TLS with a certificate signed by a trusted CA for exactly the host connected to.
        case verifyFull = "verify-full"

        /// The mode a URL's `sslmode` names; `prefer` when absent, `nil` when unknown.
        init?(query value: String?) {
            guard let value else {
                self = .prefer
                return
            }
            self.init(rawValue: value)
        }
    }

    /// `?sslmode=…&sslrootcert=…` as given (nothing when both are defaults).
    var queryText: String {
        var items: [String] = []
        if sslMode != .prefer { items.append("sslmode=\(sslMode.rawValue)") }
        if let sslRootCertificate {
            let value = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))
            let path = sslRootCertificate.addingPercentEncoding(withAllowedCharacters: value) ?? ""
            items.append("sslrootcert=\(path)")
        }
        return items.isEmpty ? "" : "?" + items.joined(separator: "&")
    }
}
