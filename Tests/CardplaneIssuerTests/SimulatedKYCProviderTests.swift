import CardplaneCore
import CardplaneIssuer
import CardplaneVault
import Testing

/// The simulated vendor's test tokens are part of the contract (spec §13).
@Suite struct SimulatedKYCProviderTests {
    let provider = SimulatedKYCProvider()

    @Test(
        arguments: [
            ("sim_approved_alice", KYCDecision.approved),
            ("sim_rejected_bob", .rejected(reason: "document expired")),
            ("sim_pending_carol", .undecided),
            ("sim_approved_", .approved),
        ] as [(String, KYCDecision)]
    )
    func tokensDecide(_ token: String, _ expected: KYCDecision) async throws {
        let applicant = try await provider.applicant(shareToken: Sensitive(token))
        #expect(try await provider.decision(applicantID: applicant.applicantID) == expected)
    }

    @Test func unavailableAndUnknownTokens() async {
        await #expect(throws: KYCProviderError.unavailable) {
            try await provider.applicant(shareToken: Sensitive("sim_unavailable_x"))
        }
        for token in ["anything", "sim_", "sim_approved", "SIM_approved_x", "sim_maybe_x"] {
            await #expect(throws: KYCProviderError.unknownToken) {
                try await provider.applicant(shareToken: Sensitive(token))
            }
        }
    }

    @Test func applicantDataIsStableAndNeverPrinted() async throws {
        let first = try await provider.applicant(shareToken: Sensitive("sim_approved_same"))
        let second = try await provider.applicant(shareToken: Sensitive("sim_approved_same"))
        #expect(first == second)
        #expect("\(first)" == "KYCApplicant(<redacted>)")
        #expect(!"\(first)".contains(first.lastName))
    }
}
