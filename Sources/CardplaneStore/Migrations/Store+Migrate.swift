public import CardplaneCore
import SQLKit

extension Store {
    /// Applies every migration not yet recorded, each in its own transaction, and returns the
    /// versions it applied. Safe to run again: applied versions are skipped.
    ///
    /// Two processes migrating at once cannot both apply a version: the second one's insert into
    /// `schema_migration` hits the primary key and its transaction rolls back.
    @discardableResult
    public func migrate(
        _ migrations: [Migration] = Migrations.all,
        clock: any WallClock = SystemClock()
    ) async throws -> [Int] {
        try await withConnection { database in
            try await database.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migration (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at_ms BIGINT NOT NULL
                )
                """
            ).run()
        }
        var applied: [Int] = []
        let url = self.url
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            let didApply = try await withTransaction { database in
                let existing = try await database.raw(
                    "SELECT version FROM schema_migration WHERE version = \(bind: migration.version)"
                ).first()
                guard existing == nil else { return false }
                for statement in migration.statements(for: url) {
                    try await database.raw(SQLQueryString(statement)).run()
                }
                try await database.raw(
                    """
                    INSERT INTO schema_migration (version, name, applied_at_ms)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: clock.nowMs()))
                    """
                ).run()
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }

    /// Whether the database holds exactly `migrations`: none pending, none from a newer release.
    public func schemaIsCurrent(_ migrations: [Migration] = Migrations.all) async throws -> Bool {
        let applied = try await withReader { database in
            try await database.raw("SELECT version FROM schema_migration").all()
                .map { try $0.decode(column: "version", as: Int.self) }
        }
        return Set(applied) == Set(migrations.map(\.version))
    }
}
