public import CardplaneCore
public import CardplaneStore
public import CardplaneVault

/// Who may use the operator console: accounts (made with `cardplane operator create`), sign-in
/// with a password hashed by scrypt, sessions by cookie, and a lock after repeated failures.
public struct ConsoleAccess: Sendable {
    public struct Settings: Sendable {
        /// How long a session lasts from sign-in. Default 8 hours, a working day.
        public var sessionLifetimeMs: Int64
        /// Consecutive failed sign-ins that lock an account. Default 5.
        public var failedSignInLimit: Int
        /// How long a locked account refuses every password. Default 15 minutes.
        public var lockMs: Int64
        /// The scrypt cost of new passwords.
        public var passwordCost: OperatorPassword.Cost

        public init(
            sessionLifetimeMs: Int64 = 8 * 3_600_000,
            failedSignInLimit: Int = 5,
            lockMs: Int64 = 15 * 60_000,
            passwordCost: OperatorPassword.Cost = .standard
        ) {
            self.sessionLifetimeMs = sessionLifetimeMs
            self.failedSignInLimit = failedSignInLimit
            self.lockMs = lockMs
            self.passwordCost = passwordCost
        }
    }

    /// Why an account was not made.
    public enum AccountError: Error, Sendable, Equatable, CustomStringConvertible {
        case invalidName
        case passwordTooShort
        case nameTaken

        public var description: String {
            switch self {
            case .invalidName: "the name must be 3 to 64 letters, digits, '.', '_' or '-'"
            case .passwordTooShort: "the password must be at least \(OperatorPassword.minimumLength) characters"
            case .nameTaken: "an operator with that name exists"
            }
        }
    }

    /// Why a sign-in was refused. One answer for a wrong name and a wrong password, so the form
    /// does not tell which names exist.
    public enum SignInError: Error, Sendable, Equatable {
        case wrongNameOrPassword
        /// Too many failures in a row: every password is refused until then.
        case locked(untilMs: Int64)
    }

    /// A signed-in browser: the cookie's token and the CSRF token its forms carry.
    public struct Session: Sendable {
        public var token: Sensitive<String>
        public var consoleOperator: ConsoleOperator
        public var expiresAtMs: Int64
    }

    let store: Store
    let clock: any WallClock
    let settings: Settings
    /// A stored form no password matches, at the configured cost: checking a password against it
    /// makes a sign-in for a name that does not exist cost what a real one does.
    let unknownNameHash: String

    public init(store: Store, clock: any WallClock, settings: Settings = .init()) {
        self.store = store
        self.clock = clock
        self.settings = settings
        let cost = settings.passwordCost
        self.unknownNameHash =
            "scrypt$\(cost.log2Rounds)$\(cost.blockSize)$\(cost.parallelism)$"
            + String(repeating: "0", count: 32) + "$" + String(repeating: "-", count: 64)
    }

    /// Makes an account with `password`, or a generated one; returns the password (shown once).
    public func createOperator(
        name: String,
        role: ConsoleOperator.Role,
        password: Sensitive<String>? = nil
    ) async throws -> Sensitive<String> {
        guard ConsoleOperator.isValidName(name) else { throw AccountError.invalidName }
        let password = password ?? OperatorPassword.generate()
        guard password.reveal().count >= OperatorPassword.minimumLength else { throw AccountError.passwordTooShort }
        let hash = try OperatorPassword.hash(password, cost: settings.passwordCost)
        let nowMs = clock.nowMs()
        let inserted = try await store.withConnection { database in
            try await ConsoleOperatorRecords(database).insert(
                ConsoleOperator(name: name, role: role),
                passwordHash: hash,
                createdAtMs: nowMs
            )
        }
        guard inserted else { throw AccountError.nameTaken }
        return password
    }

    /// Every account, by name.
    public func operators() async throws -> [ConsoleOperatorRecords.Account] {
        try await store.withConnection { try await ConsoleOperatorRecords($0).accounts() }
    }

    /// Checks the password and opens a session. A wrong one counts towards the lock.
    public func signIn(name: String, password: Sensitive<String>) async throws -> Session {
        let account = try await store.withConnection { try await ConsoleOperatorRecords($0).account(named: name) }
        guard let account else {
            _ = OperatorPassword.matches(password, stored: unknownNameHash)
            throw SignInError.wrongNameOrPassword
        }
        let nowMs = clock.nowMs()
        guard account.lockedUntilMs <= nowMs else { throw SignInError.locked(untilMs: account.lockedUntilMs) }
        guard OperatorPassword.matches(password, stored: account.passwordHash) else {
            try await store.withConnection { [settings] database in
                try await ConsoleOperatorRecords(database).recordFailedSignIn(
                    name: name,
                    limit: settings.failedSignInLimit,
                    lockUntilMs: nowMs + settings.lockMs
                )
            }
            throw SignInError.wrongNameOrPassword
        }
        let token = ConsoleSessionToken.generate()
        let expiresAtMs = nowMs + settings.sessionLifetimeMs
        try await store.withTransaction { database in
            let records = ConsoleOperatorRecords(database)
            try await records.recordSignIn(name: name)
            try await records.purgeExpiredSessions(nowMs: nowMs)
            try await records.insertSession(
                tokenDigest: CredentialDigest.digest(token),
                name: name,
                createdAtMs: nowMs,
                expiresAtMs: expiresAtMs
            )
        }
        return Session(token: token, consoleOperator: account.consoleOperator, expiresAtMs: expiresAtMs)
    }

    /// The operator signed in with `token`, while the session lasts; `nil` otherwise.
    public func consoleOperator(sessionToken token: Sensitive<String>) async throws -> ConsoleOperator? {
        let nowMs = clock.nowMs()
        return try await store.withReader { database in
            try await ConsoleOperatorRecords(database).session(
                tokenDigest: CredentialDigest.digest(token),
                nowMs: nowMs
            )
        }
    }

    /// Ends the session of `token`.
    public func signOut(sessionToken token: Sensitive<String>) async throws {
        try await store.withConnection {
            try await ConsoleOperatorRecords($0).deleteSession(tokenDigest: CredentialDigest.digest(token))
        }
    }
}
