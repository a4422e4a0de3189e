import NIOConcurrencyHelpers
import Testing

@testable import CardplaneStore

/// A list's watermark is read once per maximum age, per list (ADR 0018).
@Suite struct ListWatermarksTests {
    /// Counts the reads of each list and answers how many there were.
    final class Reads: Sendable {
        let counts = NIOLockedValueBox<[ListCountRecords.List: Int64]>([:])

        func read(_ list: ListCountRecords.List) -> Int64? {
            counts.withLockedValue { counts in
                counts[list, default: 0] += 1
                return counts[list]
            }
        }
    }

    @Test func aReadingIsKeptForItsAgePerList() async throws {
        let reads = Reads()
        let kept = ListWatermarks(maximumAgeMs: 3_600_000) { reads.read($0) }
        #expect(try await kept.countedUntil(.transfers) == 1)
        #expect(try await kept.countedUntil(.transfers) == 1, "the first reading, kept")
        #expect(try await kept.countedUntil(.cards) == 1, "each list has its own reading")
        #expect(reads.counts.withLockedValue { $0 } == [.transfers: 1, .cards: 1])
    }

    @Test func anExpiredReadingIsReadAgain() async throws {
        let reads = Reads()
        let fresh = ListWatermarks(maximumAgeMs: 0) { reads.read($0) }
        #expect(try await fresh.countedUntil(.consumptions) == 1)
        #expect(try await fresh.countedUntil(.consumptions) == 2)
    }
}
