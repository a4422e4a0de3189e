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
            for change in changes {
                cardholder.version += 1
                cardholder.updatedAtMs = nowMs
                try await CardholderEvents.record(change, of: cardholder, created: false, in: database)
            }
            if !changes.isEmpty {
                guard try await records.update(cardholder, expectedVersion: expectedVersion, sealedApplicant: nil)
                else {
                    // Changed under us (a re-apply); leave the job for its new schedule.
                    return
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
                    toDueAtMs: nowMs + waitMs
                )
            }
        }
    }

    /// The provider's decision, or `nil` when it did not answer (the job retries).
    func askDecision(_ job: KYCJobRecords.Job) async -> KYCDecision? {
        do {
            return try await provider.decision(applicantID: job.applicantID)
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
