import CardplaneCore
import CardplaneIssuer
import Foundation
import Hummingbird

/// The card-network simulator's test helpers (issue #6), like Stripe's issuing test helpers:
/// authorize, clear, reverse, refund and expire by `card_no`. Served under `/simulator/v1` only
/// when the server runs with `--sandbox`; no Open API authentication, so never in production.
///
/// Answers are plain JSON with HTTP statuses: 200 with the record; 400 for a malformed body;
/// 404 unknown card or authorization; 409 a step the authorization's state does not allow;
/// 422 an amount that is not allowed.
struct SimulatorController {
    let transactions: CardTransactions
    let rates = ExchangeRates.simulatorDefault

    func register(in router: Router<CardplaneRequestContext>) {
        let group = router.group("simulator/v1")
        group.post("authorize") { request, _ in try await respond { try await authorize(request) } }
        group.post("clear") { request, _ in
            try await respond {
                let body = try await decode(StepRequest.self, request)
                return try await transactions.clear(
                    networkTransactionID: body.networkTransactionID,
                    amount: try body.amount.map(Self.usd),
                    messageID: body.messageID ?? Self.newID("clr")
                )
            }
        }
        group.post("reverse") { request, _ in
            try await respond {
                let body = try await decode(StepRequest.self, request)
                return try await transactions.reverse(
                    networkTransactionID: body.networkTransactionID,
                    amount: try body.amount.map(Self.usd),
                    messageID: body.messageID ?? Self.newID("rev")
                )
            }
        }
        group.post("refund") { request, _ in
            try await respond {
                let body = try await decode(StepRequest.self, request)
                guard let amount = body.amount else { throw SimulatorInputError() }
                return try await transactions.refund(
                    networkTransactionID: body.networkTransactionID,
                    amount: try Self.usd(amount),
                    messageID: body.messageID ?? Self.newID("ref")
                )
            }
        }
        group.post("expire") { _, _ in
            let count = try await transactions.expireHolds()
            return Self.json(.ok, .object(["expired": .integer(Int64(count))]))
        }
    }

    struct AuthorizeRequest: Decodable {
        var cardNo: String
        var amount: String
        var currency: String?
        var type: String?
        var merchantName: String?
        var merchantMcc: String?
        var city: String?
        var country: String?
        var applePay: Bool?
        var networkTransactionID: String?

        enum CodingKeys: String, CodingKey {
            case cardNo = "card_no"
            case amount, currency, type
            case merchantName = "merchant_name"
            case merchantMcc = "merchant_mcc"
            case city, country
            case applePay = "apple_pay"
            case networkTransactionID = "network_transaction_id"
        }
    }

    struct StepRequest: Decodable {
        var networkTransactionID: String
        var amount: String?
        var messageID: String?

        enum CodingKeys: String, CodingKey {
            case networkTransactionID = "network_transaction_id"
            case amount
            case messageID = "message_id"
        }
    }

    /// Builds the network's authorization: the amount in its currency, converted to USD at the
    /// simulator's fixed rates.
    func authorize(_ request: Request) async throws -> Consumption {
        let body = try await decode(AuthorizeRequest.self, request)
        let currency = (body.currency ?? "USD").uppercased()
        guard let local = Amount(parsing: body.amount, scale: ExchangeRates.scale(of: currency)),
            let usd = rates.toUSD(local, currency: currency) ?? (currency == "USD" ? local : nil),
            let kind = SpendKind(rawValue: body.type ?? "purchase")
        else { throw SimulatorInputError() }
        let authorization = AuthorizationRequest(
            cardNo: body.cardNo,
            networkTransactionID: body.networkTransactionID ?? Self.newID("ntx"),
            kind: kind,
            amount: usd,
            localAmount: local,
            localCurrency: currency,
            merchant: MerchantInfo(
                merchantName: body.merchantName ?? "Simulated Merchant",
                merchantMcc: body.merchantMcc ?? (kind == .atm ? "6011" : "5411"),
                city: body.city ?? "San Francisco",
                country: body.country ?? "US"
            ),
            isApplePay: body.applePay ?? false
        )
        return try await transactions.authorize(authorization).consumption
    }

    static func usd(_ text: String) throws -> Amount {
        guard let amount = Amount(parsing: text, scale: 2) else { throw SimulatorInputError() }
        return amount
    }

    static func newID(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + "_" + String(UInt64.random(in: 0...UInt64.max, using: &generator), radix: 36)
    }

    func decode<Body: Decodable>(_ type: Body.Type, _ request: Request) async throws -> Body {
        let buffer = try await request.body.collect(upTo: Limits.requestBodySizeMax)
        do {
            return try JSONDecoder().decode(Body.self, from: Data(buffer.readableBytesView))
        } catch {
            throw SimulatorInputError()
        }
    }

    /// Runs a step and renders its record, or its failure as an HTTP status.
    func respond(_ step: () async throws -> Consumption) async throws -> Response {
        do {
            let record = try await step()
            return Self.json(.ok, ConsumptionEventData.simulatorView(of: record))
        } catch let error as TransactionError {
            let status: HTTPResponse.Status
            switch error {
            case .unknownCard, .unknownTransaction: status = .notFound
            case .notPending, .notCleared: status = .conflict
            case .amountExceeds, .invalidAmount: status = .unprocessableContent
            }
            return Self.json(status, .object(["error": .string(error.description)]))
        } catch is SimulatorInputError {
            return Self.json(.badRequest, .object(["error": .string("malformed simulator request")]))
        }
    }

    static func json(_ status: HTTPResponse.Status, _ value: CallbackJSON) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: value.text))
        )
    }
}

/// A simulator request that could not be read.
struct SimulatorInputError: Error {}
