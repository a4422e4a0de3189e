public import CardplaneCore
public import SQLKit

/// Console accounts and their sessions (migration 14).
public struct ConsoleOperatorRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// An account as stored: who, what it may do, and where its sign-ins stand.
    public struct Account: Sendable, Equatable {
        public var consoleOperator: ConsoleOperator
        public var passwordHash: String
        public var failedSignIns: Int
        public var lockedUntilMs: Int64
        public var createdAtMs: Int64
    }

    /// Adds an account; `false` when the name is taken.
    public func insert(
        _ consoleOperator: ConsoleOperator,
        passwordHash: String,
        createdAtMs: Int64
    ) async throws
        -> Bool
    {
        try await !database.raw(
            """
            INSERT INTO console_operator (operator_name, role, password_hash, created_at_ms)
            VALUES (\(bind: consoleOperator.name), \(bind: consoleOperator.role.rawValue), \(bind: passwordHash),
                \(bind: createdAtMs))
            ON CONFLICT (operator_name) DO NOTHING
            RETURNING operator_name
            """
        ).all().isEmpty
    }

    /// The account named `name`, or `nil`.
    public func account(named name: String) async throws -> Account? {
        try await database.raw("SELECT * FROM console_operator WHERE operator_name = \(bind: name)")
            .first().map(Self.account(from:))
    }

    /// Every account, by name.
    public func accounts() async throws -> [Account] {
        try await database.raw("SELECT * FROM console_operator ORDER BY operator_name").all().map(Self.account(from:))
    }

    /// Records a failed sign-in: the count rises, and at `limit` the account locks until
    /// `lockUntilMs` and the count starts again.
    public func recordFailedSignIn(name: String, limit: Int, lockUntilMs: Int64) async throws {
        try await database.raw(
            """
            UPDATE console_operator SET
                locked_until_ms = CASE WHEN failed_sign_ins + 1 >= \(bind: limit)
                    THEN \(bind: lockUntilMs) ELSE locked_until_ms END,
                failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= \(bind: limit) THEN 0 ELSE failed_sign_ins + 1 END
            WHERE operator_name = \(bind: name)
            """
        ).run()
    }

    /// Clears the failed sign-ins after a good one.
    public func recordSignIn(name: String) async throws {
        try await database.raw("UPDATE console_operator SET failed_sign_ins = 0 WHERE operator_name = \(bind: name)")
            .run()
    }

    /// Stores a session by the digest of its token.
    public func insertSession(tokenDigest: String, name: String, createdAtMs: Int64, expiresAtMs: Int64) async throws {
        try await database.raw(
            """
            INSERT INTO console_session (token_digest, operator_name, created_at_ms, expires_at_ms)
            VALUES (\(bind: tokenDigest), \(bind: name), \(bind: createdAtMs), \(bind: expiresAtMs))
            """
        ).run()
    }

    /// The operator of the unexpired session whose token has `tokenDigest`, or `nil`.
    public func session(tokenDigest: String, nowMs: Int64) async throws -> ConsoleOperator? {
        guard
            let row = try await database.raw(
                """
                SELECT o.operator_name, o.role FROM console_session s
                JOIN console_operator o ON o.operator_name = s.operator_name
                WHERE s.token_digest = \(bind: tokenDigest) AND s.expires_at_ms > \(bind: nowMs)
                """
            ).first()
        else { return nil }
        return try Self.consoleOperator(from: row)
    }

    /// Ends a session (sign-out).
    public func deleteSession(tokenDigest: String) async throws {
        try await database.raw("DELETE FROM console_session WHERE token_digest = \(bind: tokenDigest)").run()
    }

    /// Deletes expired sessions; returns how many.
    @discardableResult
    public func purgeExpiredSessions(nowMs: Int64) async throws -> Int {
        try await database.raw(
            "DELETE FROM console_session WHERE expires_at_ms <= \(bind: nowMs) RETURNING token_digest"
        ).all().count
    }

    static func consoleOperator(from row: any SQLRow) throws -> ConsoleOperator {
        guard let role = ConsoleOperator.Role(rawValue: try row.decode(column: "role", as: String.self)) else {
            throw StoreError.corruptRow(table: "console_operator")
        }
        return ConsoleOperator(name: try row.decode(column: "operator_name", as: String.self), role: role)
    }

    static func account(from row: any SQLRow) throws -> Account {
        Account(
            consoleOperator: try consoleOperator(from: row),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            failedSignIns: try row.decode(column: "failed_sign_ins", as: Int.self),
            lockedUntilMs: try row.decode(column: "locked_until_ms", as: Int64.self),
            createdAtMs: try row.decode(column: "created_at_ms", as: Int64.self)
        )
    }
}
