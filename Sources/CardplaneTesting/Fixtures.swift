import CardplaneApp
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
            txHash: SampleHashes.hex64()
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

/// Cards: a catalog assigned to the merchant and cards issued through the same use case the API calls.
extension TestServer {
    /// The demo catalog (one BIN, a virtual and a physical package), created once per database and
    /// assigned to the merchant: packages for credit extension, the BIN (with its issuance fee) for
    /// authorization.
    public func assignDemoCatalog(to merchant: Merchant) async throws {
        try await services.catalog.createDemoCatalogIfEmpty()
        try await services.catalog.assignEverything(to: merchant.merchantNo, mode: merchant.mode)
    }

    /// The number of the merchant's assigned package of `type` (credit extension).
    public func packageNo(_ type: CardType, merchantNo: String) async throws -> String {
        let page = try await services.catalog.packages(
            merchantNo: merchantNo,
            type: type,
            packageNo: nil,
            page: PageRequest(page: 0, size: 100)
        )
        guard let package = page.rows.first else { throw FixtureError.missing("\(type.rawValue) package") }
        return package.package.packageNo
    }

    /// The number of the merchant's assigned BIN (authorization).
    public func cardBinNo(merchantNo: String) async throws -> String {
        let page = try await services.catalog.supportedBINs(
            merchantNo: merchantNo,
            cardBinNo: nil,
            page: PageRequest(page: 0, size: 100)
        )
        guard let bin = page.rows.first else { throw FixtureError.missing("BIN") }
        return bin.cardBinNo
    }
}

/// A fixture could not find what it builds on.
public enum FixtureError: Error, CustomStringConvertible {
    case missing(String)

    public var description: String {
        switch self {
        case .missing(let what): return "fixture: no \(what)"
        }
    }
}
