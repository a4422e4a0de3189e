public import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
public import CardplaneStore

/// Named situations tests start from, built through the same use cases the API calls.
extension TestServer {
    /// An approved cardholder of `merchantNo` (simulated KYC, worker driven by hand).
    public func approvedCardholder(merchantNo: String, uniqueNo: String) async throws -> Cardholder {
        try await cardholder(
            merchantNo: merchantNo,
            uniqueNo: uniqueNo,
            token: "sim_approved_\(uniqueNo)",
            until: .approved
        )
    }

    /// A cardholder of `merchantNo` applied with `token`, verified until `status` (at most five worker rounds).
    public func cardholder(
        merchantNo: String,
        uniqueNo: String,
        token: String,
        until status: KYCStatus
    ) async throws
        -> Cardholder
    {
        let application = try CardholderApplication(cardholderNo: nil, cardholderUniqueNo: uniqueNo, shareToken: token)
        var cardholder = try await services.cardholders.apply(application, merchantNo: merchantNo)
        for _ in 0..<5 where cardholder.verification.status != status {
            try await services.kycWorker.runOnce()
            clock.advance(byMs: services.kycWorkerDecisionDelayMs)
            cardholder = try await services.cardholders.requireCardholder(
                no: cardholder.cardholderNo,
                merchantNo: merchantNo
            )
        }
        return cardholder
    }

    /// Credits `amount` TUSDT to the merchant's reserve, as an operator's deposit would.
    public func fundReserve(merchantNo: String, amount: String) async throws {
        _ = try await services.treasury.deposit(
            merchantNo: merchantNo,
            amountText: amount,
            currency: "USDT",
            chain: "TRON",
            txHash: "fixture-\(merchantNo)-\(clock.nowMs())-\(Int.random(in: 0...Int.max))"
        )
    }

    /// Moves `amount` from the merchant's reserve to the cardholder's account.
    public func fundCardholder(merchantNo: String, cardholderNo: String, amount: String) async throws {
        let request = try TransferRequest(
            cardholderNo: cardholderNo,
            transferUniqueNo: "fixture-\(Int.random(in: 0...Int.max))",
            type: "In",
            balance: .string(amount),
            currency: .tusdt
        )
        _ = try await services.accounts.transfer(request, merchantNo: merchantNo)
    }

    /// `ledger verify` on the server's store.
    public func verifyLedger() async throws -> LedgerVerification {
        try await services.treasury.verifyLedger()
    }
}
