import NIOConcurrencyHelpers

/// A first-come, first-served lock for async code: one holder at a time, waiters resume in order.
///
/// Guards the single SQLite connection so one task's transaction never interleaves with another's
/// statements (GRDB's rule: open each file once, serialize writes through it).
final class AsyncLock: Sendable {
    private struct State {
        var isLocked = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())

    /// Runs `body` while holding the lock.
    func withLock<Result: Sendable>(_ body: () async throws -> Result) async rethrows -> Result {
        await lock()
        defer { unlock() }
        return try await body()
    }

    private func lock() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = state.withLockedValue { state -> Bool in
                if state.isLocked {
                    state.waiters.append(continuation)
                    return false
                }
                state.isLocked = true
                return true
            }
            if acquired { continuation.resume() }
        }
    }

    private func unlock() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.isLocked = false
                return nil
            }
            // Ownership passes straight to the next waiter; the lock stays held.
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
