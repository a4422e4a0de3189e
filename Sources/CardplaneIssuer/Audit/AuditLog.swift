public import CardplaneCore
public import CardplaneStore
import CardplaneVault

/// The tamper-evident audit log (ADR 0020): operator actions and merchant calls that change state,
/// appended to one hash chain, listed with filters and verified end to end.
///
/// Appends arriving while a batch commits go into the next batch (one transaction each), so an
/// audited request costs a share of one commit, not a commit of its own.
public final class AuditLog: Sendable {
    let store: Store
    private let batches: CallBatcher<AuditEntry, AuditRecord>

    /// Most entries in one batch.
    static let batchSizeMax = 256

    public init(store: Store) {
        self.store = store
        batches = CallBatcher(batchSizeMax: Self.batchSizeMax) { entries in
            try await store.withTransaction { database in
                try await AuditRecords(database).append(entries, seal: AuditChain.sealed)
            }
        }
    }

    /// Appends `entry` and returns it as recorded, once its batch committed.
    @discardableResult
    public func record(_ entry: AuditEntry) async throws -> AuditRecord {
        try await batches.submit(entry)
    }

    /// The newest `limit` records matching `filter`, newest first.
    public func list(_ filter: AuditRecords.Filter, limit: Int) async throws -> [AuditRecord] {
        try await store.withReader { try await AuditRecords($0).list(filter, limit: limit) }
    }

    /// What verification found.
    public struct Verification: Sendable, Equatable {
        /// Records walked.
        public var records: Int64
        /// Each break of the chain, in order; empty when intact.
        public var problems: [String]

        public var isIntact: Bool { problems.isEmpty }
    }

    /// Walks the chain from the first record: sequences without gaps, each record's hash recomputed
    /// and matching the next one's `previousHash`, and the last record matching the head. An edited
    /// row fails its hash; a deleted one leaves a gap (or, the last ones, a head ahead of the rows).
    public func verify(pageSize: Int = 1_000) async throws -> Verification {
        var verification = Verification(records: 0, problems: [])
        var expected = (sequence: Int64(1), previousHash: AuditRecord.genesisHash)
        while true {
            let after = expected.sequence - 1
            let page = try await store.withReader { try await AuditRecords($0).chain(after: after, limit: pageSize) }
            for record in page {
                verification.records += 1
                verification.problems += Self.problems(of: record, expected: expected)
                expected = (record.sequence + 1, record.hash)
            }
            if page.count < pageSize { break }
        }
        let head = try await store.withReader { try await AuditRecords($0).head() }
        if head.sequence != expected.sequence - 1 || head.hash != expected.previousHash {
            verification.problems.append(
                "the head says \(head.sequence) records, the chain ends at \(expected.sequence - 1): records were removed from the end"
            )
        }
        return verification
    }

    /// What is wrong with `record`, found where `expected` was due.
    static func problems(of record: AuditRecord, expected: (sequence: Int64, previousHash: String)) -> [String] {
        var problems: [String] = []
        if record.sequence != expected.sequence {
            problems.append("records \(expected.sequence)…\(record.sequence - 1) are missing")
        } else if record.previousHash != expected.previousHash {
            problems.append("record \(record.sequence) does not follow the record before it")
        }
        if AuditChain.hash(of: record) != record.hash {
            problems.append("record \(record.sequence) was changed after it was written")
        }
        return problems
    }
}
