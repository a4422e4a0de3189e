import NIOConcurrencyHelpers

/// One read shared by every caller who asked before it started: while a read runs, new callers
/// wait and are all answered by the next one, which starts only after they asked. So each caller
/// gets a value read after it called — never an older one — and a crowd of callers costs one read
/// per round instead of one each.
final class CoalescedRead<Value: Sendable>: Sendable {
    private struct State {
        var isReading = false
        var waiting: [CheckedContinuation<Value, Never>] = []
    }

    private let read: @Sendable () async -> Value
    private let state = NIOLockedValueBox(State())

    init(_ read: @escaping @Sendable () async -> Value) {
        self.read = read
    }

    /// A value read after this call began.
    func value() async -> Value {
        await withCheckedContinuation { (continuation: CheckedContinuation<Value, Never>) in
            let starts = state.withLockedValue { state -> Bool in
                state.waiting.append(continuation)
                guard !state.isReading else { return false }
                state.isReading = true
                return true
            }
            if starts { Task { await self.readRounds() } }
        }
    }

    /// Reads for everyone waiting when the read starts, then again for whoever came meanwhile.
    private func readRounds() async {
        while true {
            let round = state.withLockedValue { state -> [CheckedContinuation<Value, Never>] in
                let round = state.waiting
                state.waiting = []
                if round.isEmpty { state.isReading = false }
                return round
            }
            guard !round.isEmpty else { return }
            let value = await read()
            for caller in round { caller.resume(returning: value) }
        }
    }
}
