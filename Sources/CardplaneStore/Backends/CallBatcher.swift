import NIOConcurrencyHelpers

/// Calls gathered into batches: a call made while no batch runs starts one at once; calls made
/// while one runs wait and go together into the next, up to `batchSizeMax`, in arrival order.
///
/// So a lone call waits for nothing, and under load the window of a batch is exactly the time the
/// one before it took — the group commit of databases, with no timer. (Several batches at once,
/// on PostgreSQL, measured no faster on this machine: smaller batches cost more CPU per item.) `run` answers one outcome per
/// item, in order; if it throws, every call of that batch gets the error. It runs in its own
/// detached task, so a caller that is cancelled cannot cancel the batch it joined.
public final class CallBatcher<Item: Sendable, Outcome: Sendable>: Sendable {
    private struct Call {
        var item: Item
        var continuation: CheckedContinuation<Outcome, any Error>
    }

    private struct State {
        var isRunning = false
        var waiting: [Call] = []
    }

    private let batchSizeMax: Int
    private let run: @Sendable ([Item]) async throws -> [Outcome]
    private let state = NIOLockedValueBox(State())

    public init(batchSizeMax: Int, run: @escaping @Sendable ([Item]) async throws -> [Outcome]) {
        precondition(batchSizeMax > 0)
        self.batchSizeMax = batchSizeMax
        self.run = run
    }

    /// `item`'s outcome, from the batch it joined.
    public func submit(_ item: Item) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let starts = state.withLockedValue { state -> Bool in
                state.waiting.append(Call(item: item, continuation: continuation))
                guard !state.isRunning else { return false }
                state.isRunning = true
                return true
            }
            // Detached: the batches it runs serve other callers too, so they must not inherit this
            // caller's task-local values (a request's cache-generation reading, say).
            if starts { Task.detached { await self.runBatches() } }
        }
    }

    /// Runs batches of whoever waits, until nobody does.
    private func runBatches() async {
        while true {
            let batch = state.withLockedValue { state -> [Call] in
                let batch = Array(state.waiting.prefix(batchSizeMax))
                state.waiting.removeFirst(batch.count)
                if batch.isEmpty { state.isRunning = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let outcomes = try await run(batch.map(\.item))
                precondition(outcomes.count == batch.count, "one outcome per item")
                for (call, outcome) in zip(batch, outcomes) { call.continuation.resume(returning: outcome) }
            } catch {
                for call in batch { call.continuation.resume(throwing: error) }
            }
        }
    }
}
