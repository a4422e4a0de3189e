public import CardplaneCore
public import CardplaneStore

/// `Idempotency-Key` on the Open API's `POST`s (spec §13, ADR 0017): the first request with a key
/// runs and its answer is kept for a day; a later one with the same key and fingerprint gets that
/// answer replayed without running anything; one with another fingerprint is refused (1004
/// `Idempotency-Key`); one arriving while the first still runs waits for its answer.
public struct IdempotentRequests: Sendable {
    /// How long a key and its answer are kept (spec §13: 24 h).
    public static let retentionMs: Int64 = 24 * 60 * 60 * 1_000

    let store: Store
    let clock: any WallClock
    /// How long a claim holds before a duplicate may take it over (its process presumably died).
    let leaseMs: Int64
    /// The first pause of a waiting duplicate; pauses double up to ``pollIntervalMaxMs``.
    static let pollIntervalMinMs: Int64 = 5
    static let pollIntervalMaxMs: Int64 = 100

    /// Claims last twice the request deadline (`requestTimeoutMs`): the deadline answers a slow
    /// request 1001, but its handler may still finish, and must not be run twice meanwhile.
    public init(store: Store, clock: any WallClock, requestTimeoutMs: Int64) {
        precondition(requestTimeoutMs > 0)
        self.store = store
        self.clock = clock
        self.leaseMs = 2 * requestTimeoutMs
    }

    /// A key this request holds and must ``finish(_:with:)`` or ``abandon(_:)``.
    public struct Claim: Sendable {
        public let merchantNo: String
        public let key: IdempotencyKey
        let claimID: String
    }

    /// What to do with a request that carries a key.
    public enum Start: Sendable {
        /// Run it, then finish or abandon the claim.
        case run(Claim)
        /// Answer this, byte for byte, without running anything.
        case replay(IdempotentAnswer)
    }

    /// Claims `key` for the merchant's request with `fingerprint`, waiting while another request
    /// with the same key and fingerprint runs.
    ///
    /// - Throws: 1004 `Idempotency-Key` when the key was used for another request; 1001 when the
    ///   request holding the key neither finishes nor loses its lease while this one waits.
    public func start(merchantNo: String, key: IdempotencyKey, fingerprint: String) async throws -> Start {
        let claimID = Self.newClaimID()
        let waitedSince = ContinuousClock.now
        var pauseMs = Self.pollIntervalMinMs
        while true {
            let nowMs = clock.nowMs()
            let claim = try await store.withConnection { database in
                try await IdempotencyRecords(database).claim(
                    merchantNo: merchantNo,
                    key: key,
                    fingerprint: fingerprint,
                    claimID: claimID,
                    nowMs: nowMs,
                    leaseUntilMs: nowMs + leaseMs,
                    forgottenBeforeMs: nowMs - Self.retentionMs
                )
            }
            switch claim {
            case .claimed:
                return .run(Claim(merchantNo: merchantNo, key: key, claimID: claimID))
            case .finished(let answer):
                return .replay(answer)
            case .otherRequest:
                throw CardplaneError.invalidParameter("Idempotency-Key")
            case .running:
                guard ContinuousClock.now - waitedSince < .milliseconds(leaseMs) else {
                    throw CardplaneError(.systemError)
                }
                try await Task.sleep(for: .milliseconds(pauseMs))
                pauseMs = min(pauseMs * 2, Self.pollIntervalMaxMs)
            }
        }
    }

    /// Keeps `answer` for replay under the claim's key.
    public func finish(_ claim: Claim, with answer: IdempotentAnswer) async throws {
        _ = try await store.withConnection { database in
            try await IdempotencyRecords(database).finish(
                merchantNo: claim.merchantNo,
                key: claim.key,
                claimID: claim.claimID,
                answer: answer
            )
        }
    }

    /// Gives the key back without an answer, so the next request with it runs (after a 1001).
    public func abandon(_ claim: Claim) async throws {
        try await store.withConnection { database in
            try await IdempotencyRecords(database).release(
                merchantNo: claim.merchantNo,
                key: claim.key,
                claimID: claim.claimID
            )
        }
    }

    /// Forgets keys older than ``retentionMs`` (a housekeeping job); returns how many went.
    @discardableResult
    public func purgeExpired() async throws -> Int {
        let cutoffMs = clock.nowMs() - Self.retentionMs
        return try await store.withConnection { database in
            try await IdempotencyRecords(database).purge(createdBeforeMs: cutoffMs)
        }
    }

    /// A claim's identity: random, so two processes (or two requests) never mistake each other's.
    static func newClaimID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return String(high, radix: 16) + "-" + String(low, radix: 16)
    }
}
