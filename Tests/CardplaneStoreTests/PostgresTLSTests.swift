import CardplaneCore
import CardplaneStore
import CardplaneTesting
import Foundation
import SQLKit
import Testing

/// The test server's CA, when it was started with TLS.
let postgresTestCA = ProcessInfo.processInfo.environment["CARDPLANE_TEST_POSTGRES_CA"]

/// TLS to PostgreSQL with libpq's `sslmode` meanings, against the test server started with
/// `ssl=on` and a throwaway CA whose server certificate names `localhost` only
/// (`scripts/lib/postgres.sh`).
@Suite(.enabled(if: postgresTestCA != nil, "needs $CARDPLANE_TEST_POSTGRES_CA (scripts/with-postgres.sh)"))
struct PostgresTLSTests {
    static var caFile: String? { postgresTestCA }

    /// The test server's URL with `host` and `query` in place of its own.
    static func url(host: String, _ query: String) throws -> DatabaseURL {
        let base = try #require(ProcessInfo.processInfo.environment[StoreKind.postgresVariable])
        let swapped = base.replacingOccurrences(of: "@127.0.0.1:", with: "@\(host):")
        return try #require(DatabaseURL(swapped + "?" + query))
    }

    /// Whether the store's connection is encrypted, as the server sees it.
    static func encrypted(_ url: DatabaseURL) async throws -> Bool {
        try await Store.withStore(url, logger: TestLogging.logger) { store in
            try await store.withConnection { database in
                try await database.raw("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first()?
                    .decode(column: "ssl", as: Bool.self) ?? false
            }
        }
    }

    @Test func eachModeConnectsAsLibpqWould() async throws {
        let ca = try #require(Self.caFile)
        #expect(try await Self.encrypted(Self.url(host: "localhost", "sslmode=verify-full&sslrootcert=\(ca)")))
        #expect(try await Self.encrypted(Self.url(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(ca)")))
        #expect(try await Self.encrypted(Self.url(host: "127.0.0.1", "sslmode=require")))
        #expect(try await Self.encrypted(Self.url(host: "127.0.0.1", "sslmode=prefer")))
        #expect(try await !Self.encrypted(Self.url(host: "127.0.0.1", "sslmode=disable")))
    }

    @Test func aHostTheCertificateDoesNotNameFailsAtOnceUnderVerifyFull() async throws {
        let ca = try #require(Self.caFile)
        let started = ContinuousClock.now
        do {
            _ = try await Self.encrypted(Self.url(host: "127.0.0.1", "sslmode=verify-full&sslrootcert=\(ca)"))
            Issue.record("verify-full connected to a host its certificate does not name")
        } catch let error as StoreError {
            guard case .unreachable(let endpoint, let reason) = error else { throw error }
            #expect(endpoint.contains("sslmode=verify-full") && reason.hasPrefix("TLS failed"), "\(error)")
        }
        // A hang would be unbounded; a loaded machine may take seconds to fail.
        #expect(ContinuousClock.now - started < .seconds(30), "a clear failure, not a hang")
    }

    @Test func anotherCAIsNotTrusted() async throws {
        let other = try TestCertificateAuthority().writeCertificateFile()
        defer { try? FileManager.default.removeItem(atPath: other) }
        for mode in ["verify-ca", "verify-full", "require"] {
            await #expect(throws: StoreError.self, "\(mode)") {
                _ = try await Self.encrypted(Self.url(host: "localhost", "sslmode=\(mode)&sslrootcert=\(other)"))
            }
        }
    }

    @Test func badSettingsAreRefused() async throws {
        #expect(DatabaseURL("postgres://u@h/db?sslmode=sometimes") == nil)
        #expect(DatabaseURL("postgres://u@h/db?sslcert=/x") == nil, "client certificates are not supported")
        let missing = try Self.url(host: "localhost", "sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")
        await #expect(throws: StoreError.unreadableRootCertificate(path: "/nonexistent/ca.pem")) {
            _ = try await Self.encrypted(missing)
        }
        let url = try #require(DatabaseURL("postgres://u:secret@h:5433/db?sslmode=verify-ca&sslrootcert=/etc/ca.pem"))
        #expect(url.description == "postgres://u@h:5433/db?sslmode=verify-ca&sslrootcert=/etc/ca.pem")
        #expect(DatabaseURL(url.connectionString) == url)
        let awkward = try #require(DatabaseURL("postgres://u@h/db?sslmode=require&sslrootcert=/ca/a%26b%3Dc.pem"))
        guard case .postgres(let endpoint) = awkward else { throw StoreError.corruptRow(table: "url") }
        #expect(endpoint.sslRootCertificate == "/ca/a&b=c.pem")
        #expect(DatabaseURL(awkward.connectionString) == awkward, "a path with & and = survives the round trip")
    }
}
