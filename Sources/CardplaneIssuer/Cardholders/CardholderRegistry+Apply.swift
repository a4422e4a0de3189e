import CardplaneCore
import CardplaneStore
import SQLKit

extension CardholderRegistry {
    /// One attempt at inserting a new cardholder under a fresh number; `nil` when the number was taken.
    func create(
        _ application: CardholderApplication,
        applicant: KYCApplicant,
        merchantNo: String
    ) async throws
        -> Cardholder?
    {
        let nowMs = clock.nowMs()
        var generator = SystemRandomNumberGenerator()
        let cardholder = Cardholder(
            cardholderNo: PublicNumber.make(.cardholder, nowMs: nowMs, using: &generator),
            merchantNo: merchantNo,
            cardholderUniqueNo: application.cardholderUniqueNo,
            email: applicant.email,
            verification: KYCVerification(status: .pending),
            version: 1,
            createdAtMs: nowMs,
            updatedAtMs: nowMs
        )
        let sealed = try seal(applicant, cardholderNo: cardholder.cardholderNo)
        do {
            return try await store.withTransaction { database -> Cardholder? in
                let records = CardholderRecords(database)
                guard try await records.cardholder(no: cardholder.cardholderNo) == nil else { return nil }
                try await records.insert(cardholder, sealedApplicant: sealed)
                try await KYCJobRecords(database).schedule(
                    cardholderNo: cardholder.cardholderNo,
                    applicantID: applicant.applicantID,
                    dueAtMs: nowMs,
                    nowMs: nowMs
                )
                let change = KYCVerification.Change(before: .pending, after: .pending, reason: nil)
                try await CardholderEvents.record(change, of: cardholder, created: true, in: database)
                return cardholder
            }
        } catch let error where !(error is CardplaneError) {
            // A concurrent apply with the same unique number won the UNIQUE constraint: answer as
            // the merchant would have been answered a moment later.
            let winner = try await store.withConnection { database in
                try await CardholderRecords(database).cardholder(
                    merchantNo: merchantNo,
                    uniqueNo: application.cardholderUniqueNo
                )
            }
            if winner != nil { throw CardplaneError(.cardholderExists) }
            // Or another cardholder drew the same number at the same moment: try a new one.
            let numberTaken = try await store.withConnection { database in
                try await CardholderRecords(database).cardholder(no: cardholder.cardholderNo) != nil
            }
            if numberTaken { return nil }
            throw error
        }
    }

    /// Re-applies a rejected cardholder with a new share token.
    func reapply(
        _ application: CardholderApplication,
        cardholderNo: String,
        merchantNo: String
    ) async throws
        -> Cardholder
    {
        let current = try await requireCardholder(no: cardholderNo, merchantNo: merchantNo)
        guard current.cardholderUniqueNo == application.cardholderUniqueNo else {
            throw CardplaneError(.cardholderUniqueNoMismatch)
        }
        var verification = current.verification
        _ = try verification.resubmit()
        let applicant = try await resolve(application.shareToken)
        let sealed = try seal(applicant, cardholderNo: cardholderNo)
        let nowMs = clock.nowMs()
        return try await store.withTransaction { database in
            let records = CardholderRecords(database)
            guard var cardholder = try await records.cardholder(no: cardholderNo, merchantNo: merchantNo) else {
                throw CardplaneError(.cardholderNotFound)
            }
            // Re-checked inside the transaction: a concurrent re-apply may have won meanwhile.
            let change = try cardholder.verification.resubmit()
            let expectedVersion = cardholder.version
            cardholder.version += 1
            cardholder.email = applicant.email
            cardholder.updatedAtMs = nowMs
            guard try await records.update(cardholder, expectedVersion: expectedVersion, sealedApplicant: sealed) else {
                throw CardplaneError(.cardholderVerificationPending)
            }
            try await KYCJobRecords(database).schedule(
                cardholderNo: cardholderNo,
                applicantID: applicant.applicantID,
                dueAtMs: nowMs,
                nowMs: nowMs
            )
            try await CardholderEvents.record(change, of: cardholder, created: false, in: database)
            return cardholder
        }
    }
}
