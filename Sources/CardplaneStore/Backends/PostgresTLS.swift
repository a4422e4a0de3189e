import NIOSSL
import PostgresNIO

/// TLS to PostgreSQL with libpq's `sslmode` meanings (``PostgresEndpoint/SSLMode``).
struct PostgresTLS {
    /// Whether to use TLS, and how it verifies; `nil` for `disable`.
    let configuration: TLSConfiguration?
    let mode: PostgresEndpoint.SSLMode

    /// - Throws: ``StoreError/unreadableRootCertificate(path:)`` when `sslrootcert` holds no PEM
    ///   certificate.
    init(_ endpoint: PostgresEndpoint) throws {
        mode = endpoint.sslMode
        guard endpoint.sslMode != .disable else {
            configuration = nil
            return
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let path = endpoint.sslRootCertificate {
            let roots = (try? NIOSSLCertificate.fromPEMFile(path)) ?? []
            guard !roots.isEmpty else { throw StoreError.unreadableRootCertificate(path: path) }
            configuration.trustRoots = .certificates(roots)
        }
        switch endpoint.sslMode {
        case .disable, .prefer:
            configuration.certificateVerification = .none
        case .require:
            // libpq: with a root certificate file, `require` verifies the chain like `verify-ca`.
            configuration.certificateVerification = endpoint.sslRootCertificate == nil ? .none : .noHostnameVerification
        case .verifyCA:
            configuration.certificateVerification = .noHostnameVerification
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
        }
        self.configuration = configuration
    }

    /// The pool's setting.
    var client: PostgresClient.Configuration.TLS {
        guard let configuration else { return .disable }
        return mode == .prefer ? .prefer(configuration) : .require(configuration)
    }

    /// A single connection's setting.
    func connection() throws -> PostgresConnection.Configuration.TLS {
        guard let configuration else { return .disable }
        let context = try NIOSSLContext(configuration: configuration)
        return mode == .prefer ? .prefer(context) : .require(context)
    }
}
