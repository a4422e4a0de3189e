import CardplaneApp
import CardplaneStore
import CardplaneTesting
import Foundation
import SQLKit
import ServiceLifecycle
import Testing

/// `/readyz`: ready only when the database answers, its schema is this release's and start-up and
/// every worker run.
@Suite struct ReadinessTests {
    @Test(arguments: StoreKind.available)
    func readyUntilTheSchemaIsFromAnotherRelease(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (status, body) = try await server.operatorGet("/readyz")
            #expect(status == 200)
            #expect(try Self.object(body)["status"] as? String == "ready")

            // A newer release migrated this database: this server's code no longer matches it.
            try await server.store.withConnection { database in
                try await database.raw(
                    "INSERT INTO schema_migration (version, name, applied_at_ms) VALUES (9999, 'newer', 0)"
                ).run()
            }
            let (after, afterBody) = try await server.operatorGet("/readyz")
            let answer = try Self.object(afterBody)
            #expect(after == 503)
            #expect(answer["status"] as? String == "unavailable")
            #expect((answer["checks"] as? [String: Bool])?["schema"] == false)
            #expect((answer["checks"] as? [String: Bool])?["database"] == true)
        }
    }

    /// A worker counts as running only while its run loop runs.
    @Test func aWorkerIsRunningOnlyInsideItsLoop() async throws {
        let workers = RunningWorkers()
        let gate = AsyncStream<Void>.makeStream()
        let watched = workers.watching(Blocking(until: gate.stream), as: "kyc")
        #expect(workers.missing(from: ["kyc", "callbacks"]) == ["callbacks", "kyc"])
        let running = Task { try await watched.run() }
        while workers.missing(from: ["kyc"]) == ["kyc"] { await Task.yield() }
        #expect(workers.missing(from: ["kyc", "callbacks"]) == ["callbacks"])
        gate.continuation.finish()
        try await running.value
        #expect(workers.missing(from: ["kyc"]) == ["kyc"], "a loop that ended is not running")
    }

    /// A service that runs until `until` finishes.
    struct Blocking: Service {
        let until: AsyncStream<Void>
        func run() async throws {
            for await _ in until {}
        }
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}
