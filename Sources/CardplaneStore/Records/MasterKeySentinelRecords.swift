public import SQLKit

/// One sealed known text per master key that sealed secrets in this database.
public struct MasterKeySentinelRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Every sentinel: key id → sealed text.
    public func all() async throws -> [String: String] {
        var sentinels: [String: String] = [:]
        for row in try await database.raw("SELECT key_id, sealed FROM master_key_sentinel").all() {
            sentinels[try row.decode(column: "key_id", as: String.self)] = try row.decode(
                column: "sealed",
                as: String.self
            )
        }
        return sentinels
    }

    /// Forgets the sentinels of every key but `keyID`: after a rotation they seal nothing here.
    public func delete(keepingOnly keyID: String) async throws {
        try await database.raw("DELETE FROM master_key_sentinel WHERE key_id <> \(bind: keyID)").run()
    }

    /// Records the sentinel of `keyID` unless one exists (another process may have just done it).
    public func insert(keyID: String, sealed: String, nowMs: Int64) async throws {
        try await database.raw(
            """
            INSERT INTO master_key_sentinel (key_id, sealed, created_at_ms)
            VALUES (\(bind: keyID), \(bind: sealed), \(bind: nowMs))
            ON CONFLICT (key_id) DO NOTHING
            """
        ).run()
    }
}
