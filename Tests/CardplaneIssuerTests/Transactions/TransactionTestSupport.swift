import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting

/// A credit-extension merchant with a cardholder holding `balance` TUSDT after the 5.00 issuance fee
/// of one virtual card on the demo package (fees: 1.5 % consumption, 1 % exchange, small 0.10 under
/// 1.00 after 3 free, cancel 0.50 under 10.00, decline 0.50 after 3 free, ATM 2 % min 3.00).
struct TransactionFixture {
    var server: TestServer
    var merchant: Merchant
    var cardholderNo: String
    var cardNo: String

    static func make(
        _ server: TestServer,
        balance: String = "95.00",
        package: CardPackage? = nil
    ) async throws
        -> TransactionFixture
    {
        let merchant = try await server.onboard().merchant
        try await server.assignDemoCatalog(to: merchant)
        let packageNo: String
        if let package {
            packageNo = try await server.services.catalog.addPackage { number in
                var copy = package
                copy.packageNo = number
                return copy
            }.packageNo
            _ = try await server.services.catalog.assign(
                productNo: packageNo,
                to: merchant.merchantNo,
                issuanceLimit: 100,
                openCost: nil
            )
        } else {
            packageNo = try await server.packageNo(.virtual, merchantNo: merchant.merchantNo)
        }
        let cardholderNo = try await server.approvedCardholder(merchantNo: merchant.merchantNo, uniqueNo: "PAYER")
            .cardholderNo
        let funded = (Amount(parsing: balance, scale: 2)?.minorUnits ?? 0) + 500
        let fundedText = Amount(minorUnits: funded, scale: 2).description
        try await server.fundReserve(merchantNo: merchant.merchantNo, amount: fundedText)
        try await server.fundCardholder(merchantNo: merchant.merchantNo, cardholderNo: cardholderNo, amount: fundedText)
        let card = try await server.services.cardIssuer.apply(
            try CardApplication(
                cardholderNo: cardholderNo,
                cardUniqueNo: "PAYING_CARD",
                cardType: "Virtual",
                packageNo: packageNo,
                cardBinNo: nil,
                address: nil,
                mode: .creditExtension
            ),
            merchantNo: merchant.merchantNo
        )
        return TransactionFixture(server: server, merchant: merchant, cardholderNo: cardholderNo, cardNo: card.cardNo)
    }

    /// A purchase (or ATM withdrawal) of `amount` USD, or of `amount` in `currency` converted at the
    /// simulator's rates.
    func request(
        _ amount: String,
        id: String,
        kind: SpendKind = .purchase,
        currency: String = "USD",
        cardNo: String? = nil
    ) -> AuthorizationRequest {
        let local = Amount(parsing: amount, scale: ExchangeRates.scale(of: currency))!
        let usd = currency == "USD" ? local : (ExchangeRates.simulatorDefault.toUSD(local, currency: currency) ?? local)
        return AuthorizationRequest(
            cardNo: cardNo ?? self.cardNo,
            networkTransactionID: id,
            kind: kind,
            amount: usd,
            localAmount: local,
            localCurrency: currency,
            merchant: MerchantInfo(merchantName: "Corner Shop", merchantMcc: "5411", city: "Austin", country: "US"),
            isApplePay: false
        )
    }

    func authorize(
        _ amount: String,
        id: String,
        kind: SpendKind = .purchase,
        currency: String = "USD"
    ) async throws
        -> CardTransactions.Outcome
    {
        try await server.services.transactions.authorize(request(amount, id: id, kind: kind, currency: currency))
    }

    /// The cardholder's account: balance and held amount in minor units.
    func account() async throws -> (balance: Int64, held: Int64) {
        let account = try await server.services.accounts.account(
            cardholderNo: cardholderNo,
            merchantNo: merchant.merchantNo
        )
        return (account.balanceMinor, account.heldMinor)
    }

    static func usd(_ text: String) -> Amount { Amount(parsing: text, scale: 2)! }
}
