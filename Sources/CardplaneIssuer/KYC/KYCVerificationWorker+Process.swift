import CardplaneCore
import CardplaneStore
import Logging
import SQLKit

extension KYCVerificationWorker {
    /// One step of one claimed job.
    func process(_ job: KYCJobRecords.Job, leaseUntilMs: Int64) async throws {
        let status = try await store.withConnection { database in
            try await CardholderRecords(database).cardholder(no: job.cardholderNo)?.verification.status
        }
        // Asking the provider happens outside any transaction: it is I/O of unknown duration.
        let decision = status == .inProgress ? await askDecision(job) : nil
        let nowMs = clock.nowMs()
        try await store.withTransaction { database in
            let jobs = KYCJobRecords(database)
            let records = CardholderRecords(database)
            guard var cardholder = try await records.cardholder(no: job.cardholderNo) else {
                _ = try await jobs.finish(cardholderNo: job.cardholderNo, dueAtMs: leaseUntilMs)
                return
            }
            let expectedVersion = cardholder.version
            var changes: [KYCVerification.Change] = []
            if let change = cardholder.verification.start() { changes.append(change) }
            if let decision, let change = cardholder.verification.decide(decision) { changes.append(change) }
            if !changes.isEmpty {
                cardholder.version += changes.count
                cardholder.updatedAtMs = nowMs
                guard try await records.update(cardholder, expectedVersion: expectedVersion, sealedApplicant: nil)
                else {
                    // Changed under us (a re-apply): record nothing; the job follows its new schedule.
                    return
                }
                // Events only for a change that happened, each at the version it produced.
                for (offset, change) in changes.enumerated() {
                    let version = expectedVersion + offset + 1
                    try await CardholderEvents.record(
                        change,
                        of: cardholder,
                        version: version,
                        created: false,
                        in: database
                    )
                }
            }
            switch cardholder.verification.status {
            case .approved, .rejected:
                _ = try await jobs.finish(cardholderNo: job.cardholderNo, dueAtMs: leaseUntilMs)
            case .pending, .inProgress:
                let waitMs = changes.isEmpty ? backoffMs(attempts: job.attempts) : settings.decisionDelayMs
                _ = try await jobs.move(
                    cardholderNo: job.cardholderNo,
                    fromDueAtMs: leaseUntilMs,
                    toDueAtMs: nowMs + waitMs,
                    countsAttempt: false
                )
            }
        }
    }

    /// The provider's decision, or `nil` when it did not answer (the job retries).
    func askDecision(_ job: KYCJobRecords.Job) async -> KYCDecision? {
        let provider = self.provider
        do {
            return try await withDeadline(milliseconds: Limits.kycProviderTimeoutMs) {
                try await provider.decision(applicantID: job.applicantID)
            }
        } catch {
            logger.warning("kyc provider did not answer", metadata: ["cardholder_no": .string(job.cardholderNo)])
            return nil
        }
    }

    /// The wait before the next attempt on an undecided job: the decision delay doubled per attempt, capped.
    func backoffMs(attempts: Int) -> Int64 {
        var wait = max(settings.decisionDelayMs, 1_000)
        for _ in 0..<min(attempts, 20) where wait < settings.backoffMaxMs { wait *= 2 }
        return min(wait, settings.backoffMaxMs)
    }
}
