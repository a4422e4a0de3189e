/// Runs `operation`, giving up after `milliseconds`: for calls to outside services (KYC vendors,
/// card providers) whose slowness must not hold a request or a lease open.
///
/// - Throws: ``DeadlineExceeded`` when time runs out (the operation is cancelled), or its own error.
func withDeadline<Value: Sendable>(
    milliseconds: Int64,
    _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(milliseconds))
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw DeadlineExceeded() }
        return first
    }
}

/// An outside call took longer than its deadline.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var description: String { "deadline exceeded" }
}
