import Testing

@testable import CardplaneStore

/// Calls made while a batch runs are answered together by the next one, each with its own outcome.
@Suite struct CallBatcherTests {
    actor Batches {
        private(set) var sizes: [Int] = []
        func record(_ size: Int) { sizes.append(size) }
    }

    struct Refused: Error, Equatable {}

    @Test func everyCallGetsItsOwnOutcomeAndWaitingCallsShareABatch() async throws {
        let batches = Batches()
        let batcher = CallBatcher<Int, Int>(batchSizeMax: 16) { items in
            await batches.record(items.count)
            try await Task.sleep(for: .milliseconds(5))
            return items.map { $0 * 10 }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for item in 0..<100 {
                group.addTask {
                    let outcome = try await batcher.submit(item)
                    #expect(outcome == item * 10)
                }
            }
            try await group.waitForAll()
        }
        let sizes = await batches.sizes
        #expect(sizes.reduce(0, +) == 100, "every call ran once")
        #expect(sizes.allSatisfy { $0 <= 16 }, "no batch beyond its bound: \(sizes)")
        #expect(sizes.count < 100, "waiting calls were gathered: \(sizes)")
    }

    @Test func aLoneCallRunsAtOnceInABatchOfOne() async throws {
        let batches = Batches()
        let batcher = CallBatcher<String, String>(batchSizeMax: 8) { items in
            await batches.record(items.count)
            return items.map { $0.uppercased() }
        }
        #expect(try await batcher.submit("a") == "A")
        #expect(try await batcher.submit("b") == "B")
        #expect(await batches.sizes == [1, 1])
    }

    @Test func aFailedBatchFailsItsCallsOnlyAndTheNextOneRuns() async throws {
        let batcher = CallBatcher<Int, Int>(batchSizeMax: 4) { items in
            if items.contains(0) { throw Refused() }
            return items
        }
        await #expect(throws: Refused.self) { try await batcher.submit(0) }
        #expect(try await batcher.submit(1) == 1)
    }
}
