import CardplaneStore
import Foundation
import Logging
import PostgresNIO

/// Creates and drops one database per test on the server named by `$CARDPLANE_TEST_POSTGRES_URL`.
enum PostgresTestServer {
    static func createDatabase() async throws -> TestDatabase {
        guard let text = ProcessInfo.processInfo.environment[StoreKind.postgresVariable],
            case .postgres(let admin) = DatabaseURL(text)
        else { throw TestSetupError.postgresNotConfigured }
        let name = "cardplane_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        try await execute("CREATE DATABASE \(name)", on: admin)
        var endpoint = admin
        endpoint.database = name
        return TestDatabase(kind: .postgres, url: .postgres(endpoint)) {
            try await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: admin)
        }
    }

    /// Runs one statement on its own connection (CREATE/DROP DATABASE cannot run in a transaction).
    private static func execute(_ statement: String, on endpoint: PostgresEndpoint) async throws {
        let configuration = PostgresConnection.Configuration(
            host: endpoint.host,
            port: endpoint.port,
            username: endpoint.username,
            password: endpoint.password,
            database: endpoint.database,
            tls: .disable
        )
        let connection = try await PostgresConnection.connect(
            configuration: configuration,
            id: 1,
            logger: TestLogging.logger
        )
        do {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestLogging.logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}

enum TestSetupError: Error, CustomStringConvertible {
    case postgresNotConfigured

    var description: String { "set \(StoreKind.postgresVariable) to a PostgreSQL superuser URL" }
}
