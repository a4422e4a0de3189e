import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import SQLKit
import Testing

/// The audit log's chain: concurrent appends form one gapless chain; an edited, a removed and a
/// truncated record are each found.
@Suite struct AuditLogTests {
    static func entry(_ number: Int) -> AuditEntry {
        AuditEntry(
            occurredAtMs: 1_700_000_000_000 + Int64(number),
            actor: .merchant(keyID: "key_\(number % 3)", merchantNo: "M\(number % 2)"),
            action: "POST /open-api/v1/card/apply",
            object: "card_unique_no:U\(number)",
            outcome: "0"
        )
    }

    static func filled(_ server: TestServer, count: Int) async throws -> [AuditRecord] {
        let audit = server.services.audit
        return try await withThrowingTaskGroup(of: AuditRecord.self) { group in
            for number in 0..<count { group.addTask { try await audit.record(Self.entry(number)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test(arguments: StoreKind.available)
    func concurrentAppendsFormOneChain(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let records = try await Self.filled(server, count: 40)
            #expect(records.map(\.sequence).sorted() == Array(1...40))
            let verification = try await server.services.audit.verify(pageSize: 7)
            #expect(verification.records == 40 && verification.problems.isEmpty)
            let merchant = try await server.services.audit.list(.init(merchantNo: "M1"), limit: 100)
            #expect(merchant.count == 20 && merchant.allSatisfy { $0.merchantNo == "M1" })
            #expect(merchant.map(\.sequence) == merchant.map(\.sequence).sorted(by: >), "newest first")
        }
    }

    @Test(arguments: StoreKind.available)
    func anEditedRemovedOrTruncatedRecordIsFound(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            _ = try await Self.filled(server, count: 12)
            let audit = server.services.audit
            try await Self.execute(server, "UPDATE audit_event SET outcome = '1001' WHERE sequence = 4")
            #expect(try await audit.verify().problems == ["record 4 was changed after it was written"])
            try await Self.execute(server, "UPDATE audit_event SET outcome = '0' WHERE sequence = 4")
            #expect(try await audit.verify().isIntact, "put back as it was, the chain holds again")

            try await Self.execute(server, "DELETE FROM audit_event WHERE sequence = 7")
            #expect(try await audit.verify().problems == ["records 7…7 are missing"])

            try await Self.execute(server, "DELETE FROM audit_event WHERE sequence >= 7")
            let truncated = try await audit.verify()
            #expect(truncated.records == 6)
            #expect(truncated.problems.count == 1 && truncated.problems[0].contains("removed from the end"))
        }
    }

    static func execute(_ server: TestServer, _ statement: String) async throws {
        try await server.store.withConnection { database in
            try await database.raw(SQLQueryString(statement)).run()
        }
    }
}
