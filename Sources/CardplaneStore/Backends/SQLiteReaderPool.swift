import NIOConcurrencyHelpers
import SQLiteNIO

/// A few read-only connections to one SQLite file, handed out one task at a time.
///
/// In WAL mode readers see the last committed state and never wait for the writer's fsync, so a
/// read-only request never queues behind another request's write. `query_only` makes each of them
/// refuse writes, so nothing can slip past the writer's transaction discipline.
final class SQLiteReaderPool: Sendable {
    private struct State {
        var idle: [SQLiteConnection]
        var waiters: [CheckedContinuation<SQLiteConnection, Never>] = []
    }

    private let connections: [SQLiteConnection]
    private let state: NIOLockedValueBox<State>

    init(connections: [SQLiteConnection]) {
        precondition(!connections.isEmpty, "a reader pool needs at least one connection")
        self.connections = connections
        self.state = NIOLockedValueBox(State(idle: connections))
    }

    /// Runs `body` on an idle reader, waiting for one first-come, first-served when all are busy.
    func withConnection<Result>(_ body: (SQLiteConnection) async throws -> Result) async rethrows -> Result {
        let connection = await acquire()
        defer { release(connection) }
        return try await body(connection)
    }

    /// Closes every reader once each has finished what it was doing. The closed connections go back
    /// to the pool, so a late caller gets the engine's "closed" error rather than waiting forever.
    func close() async throws {
        var held: [SQLiteConnection] = []
        for _ in connections { held.append(await acquire()) }
        defer { for connection in held { release(connection) } }
        for connection in connections { try await connection.close() }
    }

    private func acquire() async -> SQLiteConnection {
        await withCheckedContinuation { (continuation: CheckedContinuation<SQLiteConnection, Never>) in
            let idle = state.withLockedValue { state -> SQLiteConnection? in
                if let connection = state.idle.popLast() { return connection }
                state.waiters.append(continuation)
                return nil
            }
            if let idle { continuation.resume(returning: idle) }
        }
    }

    private func release(_ connection: SQLiteConnection) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<SQLiteConnection, Never>? in
            guard !state.waiters.isEmpty else {
                state.idle.append(connection)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: connection)
    }
}
