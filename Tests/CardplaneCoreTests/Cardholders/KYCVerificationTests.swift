import CardplaneCore
import Testing

/// The verification lifecycle as a transcript: one line per event.
@Suite struct KYCVerificationTests {
    @Test func approvedPath() throws {
        var verification = KYCVerification(status: .pending)
        #expect(verification.start() == .init(before: .pending, after: .inProgress, reason: nil))
        #expect(verification.start() == nil)
        #expect(verification.decide(.undecided) == nil)
        #expect(verification.decide(.approved) == .init(before: .inProgress, after: .approved, reason: nil))
        #expect(verification.decide(.rejected(reason: "late")) == nil, "a decided verification stays decided")
        try verification.requireApproved()
        #expect(throws: CardplaneError(.cardholderAlreadyVerified)) { try verification.resubmit() }
    }

    @Test func rejectedPathAndResubmission() throws {
        var verification = KYCVerification(status: .inProgress)
        #expect(verification.decide(.rejected(reason: "document expired"))?.after == .rejected)
        #expect(verification.failReason == "document expired")
        #expect(throws: CardplaneError(.cardholderVerificationFailed)) { try verification.requireApproved() }
        #expect(try verification.resubmit() == .init(before: .rejected, after: .pending, reason: nil))
        #expect(verification.failReason == nil)
    }

    @Test func pendingBlocksResubmissionAndUse() {
        for status in [KYCStatus.pending, .inProgress] {
            var verification = KYCVerification(status: status)
            #expect(throws: CardplaneError(.cardholderVerificationPending)) { try verification.resubmit() }
            #expect(throws: CardplaneError(.cardholderVerificationPending)) { try verification.requireApproved() }
        }
    }

    @Test func decisionsBeforeStartAreIgnored() {
        var verification = KYCVerification(status: .pending)
        #expect(verification.decide(.approved) == nil)
        #expect(verification.status == .pending)
    }

    @Test func apiSpellings() {
        #expect(KYCStatus.allCases.map(\.rawValue) == ["Pending", "In_progress", "Approved", "Rejected"])
    }
}

@Suite struct CardholderApplicationTests {
    @Test(
        arguments: [
            (nil, "sim_approved_1", nil, "cardholder_unique_no"),
            ("", "sim_approved_1", nil, "cardholder_unique_no"),
            ("has space", "sim_approved_1", nil, "cardholder_unique_no"),
            (String(repeating: "u", count: 65), "sim_approved_1", nil, "cardholder_unique_no"),
            ("USER_1", nil, nil, "sumsub_share_token"),
            ("USER_1", "", nil, "sumsub_share_token"),
            ("USER_1", String(repeating: "t", count: 2_049), nil, "sumsub_share_token"),
            ("USER_1", "sim_approved_1", String(repeating: "U", count: 33), "cardholder_no"),
            ("用户", "sim_approved_1", nil, "cardholder_unique_no"),
        ] as [(String?, String?, String?, String)]
    )
    func refuses(_ uniqueNo: String?, _ token: String?, _ cardholderNo: String?, _ field: String) {
        #expect(throws: CardplaneError.invalidParameter(field)) {
            try CardholderApplication(cardholderNo: cardholderNo, cardholderUniqueNo: uniqueNo, shareToken: token)
        }
    }

    @Test func acceptsTheSpecExample() throws {
        let application = try CardholderApplication(
            cardholderNo: nil,
            cardholderUniqueNo: "MERCHANT_USER_001",
            shareToken: "sim_approved_abc"
        )
        #expect(application.cardholderUniqueNo == "MERCHANT_USER_001")
    }
}
