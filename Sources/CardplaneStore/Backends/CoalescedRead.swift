/// One read shared by every caller who asked before it started: while a read runs, new callers
/// wait and are all answered by the next one, which starts only after they asked. So each caller
/// gets a value read after it called — never an older one — and a crowd of callers costs one read
/// per round instead of one each (a ``CallBatcher`` whose batch is one read).
final class CoalescedRead<Value: Sendable>: Sendable {
    private let rounds: CallBatcher<Void, Value>

    init(_ read: @escaping @Sendable () async -> Value) {
        rounds = CallBatcher(batchSizeMax: .max) { callers in
            Array(repeating: await read(), count: callers.count)
        }
    }

    /// A value read after this call began.
    func value() async -> Value {
        do {
            return try await rounds.submit(())
        } catch {
            preconditionFailure("a round of reads cannot fail: \(error)")
        }
    }
}
