import NIOConcurrencyHelpers

/// Calls gathered into batches: a call made while fewer than `lanes` batches run starts one at
/// once; calls made while every lane is busy wait and go together into the next batch a lane
/// takes, up to `batchSizeMax`, in arrival order.
///
/// So a lone call waits for nothing, and under load the window of a batch is exactly the time the
/// one before it took — the group commit of databases, with no timer. More than one lane lets a
/// batch start while another waits for its commit (PostgreSQL); one lane runs batches strictly one
/// after another (SQLite's single writer). `run` answers one outcome per
/// item, in order; if it throws, every call of that batch gets the error. It runs in its own task,
/// so a caller that is cancelled cannot cancel the batch it joined.
public final class CallBatcher<Item: Sendable, Outcome: Sendable>: Sendable {
    private struct Call {
        var item: Item
        var continuation: CheckedContinuation<Outcome, any Error>
    }

    private struct State {
        var running = 0
        var waiting: [Call] = []
    }

    private let batchSizeMax: Int
    private let lanes: Int
    private let run: @Sendable ([Item]) async throws -> [Outcome]
    private let state = NIOLockedValueBox(State())

    public init(
        batchSizeMax: Int,
        lanes: Int = 1,
        run: @escaping @Sendable ([Item]) async throws -> [Outcome]
    ) {
        precondition(batchSizeMax > 0 && lanes > 0)
        self.batchSizeMax = batchSizeMax
        self.lanes = lanes
        self.run = run
    }

    /// `item`'s outcome, from the batch it joined.
    public func submit(_ item: Item) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let starts = state.withLockedValue { state -> Bool in
                state.waiting.append(Call(item: item, continuation: continuation))
                guard state.running < lanes else { return false }
                state.running += 1
                return true
            }
            if starts { Task { await self.runBatches() } }
        }
    }

    /// One lane: runs batches of whoever waits, until nobody does.
    private func runBatches() async {
        while true {
            let batch = state.withLockedValue { state -> [Call] in
                let batch = Array(state.waiting.prefix(batchSizeMax))
                state.waiting.removeFirst(batch.count)
                if batch.isEmpty { state.running -= 1 }
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
