import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTelemetry
import CardplaneTesting
import CardplaneVault
import Foundation
import HTTPTypes
import Testing

/// Authorization mode: the engine asks the merchant's endpoint in real time and obeys it within
/// 800 ms; the spend is held on the merchant's reserve.
@Suite struct AuthorizationModeTests {
    /// An authorization-mode merchant whose callbacks go to `url`, with a BIN card and a reserve.
    static func setUp(_ server: TestServer, url: String) async throws -> (CardTests.Setup, String) {
        let setup = try await CardTests.setUp(server, mode: .authorization)
        try await server.administration.setCallbackURL(url, merchantNo: setup.merchantNo)
        let cardNo = try await CardTests.issue(server, setup, uniqueNo: "AUTH_CARD")
        return (setup, cardNo)
    }

    /// A budget no loaded test machine exhausts, for the cases where the merchant answers at once:
    /// their outcome must be the merchant's answer, never a timeout. The 800 ms budget itself is
    /// tested by ``aSlowMerchantTimesOutWithinTheBudget(_:)``.
    static var patient: ServerConfiguration {
        var configuration = TestServer.configuration
        configuration.transactions.authorizationCallbackTimeoutMs = 10_000
        return configuration
    }

    static func request(_ cardNo: String, id: String) -> AuthorizationRequest {
        AuthorizationRequest(
            cardNo: cardNo,
            networkTransactionID: id,
            kind: .purchase,
            amount: Amount(minorUnits: 2_500, scale: 2),
            localAmount: Amount(minorUnits: 2_500, scale: 2),
            localCurrency: "USD",
            merchant: MerchantInfo(merchantName: "Book Store", merchantMcc: "5942", city: "Paris", country: "FR"),
            isApplePay: false
        )
    }

    @Test(arguments: StoreKind.available)
    func anApprovingMerchantGetsASignedAuthAndTheReserveIsHeld(_ kind: StoreKind) async throws {
        let receiver = CallbackReceiver()
        try await receiver.serve { url in
            try await TestServer.with(kind, configuration: Self.patient) { server in
                let (setup, cardNo) = try await Self.setUp(server, url: url)
                let outcome = try await server.services.transactions.authorize(Self.request(cardNo, id: "AUTH_OK"))
                #expect(outcome.approved && outcome.consumption.status == .pending)
                let reserve = try await server.services.treasury.reserve(merchantNo: setup.merchantNo)
                #expect(reserve.heldMinor == 2_500, "BIN cards carry no package fees")
                let auth = try #require(receiver.received.first)
                guard case .object(let body)? = CallbackJSON(parsing: auth.body), case .object(let data)? = body["data"]
                else { throw EnvelopeReply.Unexpected(reply: auth.body) }
                #expect(body["action"] == .string("Auth") && data["status"] == .string("Pending"))
                #expect(
                    data["amount"] == .decimal("25.00") && data["consume_no"] == .string(outcome.consumption.consumeNo)
                )
                let signature = CallbackSigner.signature(
                    secret: setup.credential.apiSecret,
                    appID: setup.merchantNo,
                    timestamp: auth.headers["Timestamp"] ?? "",
                    data: data
                )
                #expect(auth.headers["Signature"] == signature)
                #expect(try await server.verifyLedger().isClean)

                // Metrics: one answer timed, no timeout; the Consumption callback delivered once.
                let attempted = try await server.services.callbacks.runOnce()
                let metrics = try await server.metrics()
                #expect(metrics.count(OperatorMetrics.Name.merchantAnswerDuration + "_count") == 1)
                #expect(metrics.count(OperatorMetrics.Name.merchantAnswerTimeouts) == 0)
                #expect(attempted > 0 && receiver.received.count == 1 + attempted)
                #expect(
                    metrics.count(OperatorMetrics.Name.callbackDeliveries, ["outcome": "delivered"])
                        == Double(attempted)
                )
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func aDecliningMerchantDeclines(_ kind: StoreKind) async throws {
        let receiver = CallbackReceiver(answerCode: 1)
        try await receiver.serve { url in
            try await TestServer.with(kind, configuration: Self.patient) { server in
                let (setup, cardNo) = try await Self.setUp(server, url: url)
                let outcome = try await server.services.transactions.authorize(Self.request(cardNo, id: "AUTH_NO"))
                #expect(outcome.declineReason == .merchantDeclined)
                #expect(try await server.services.treasury.reserve(merchantNo: setup.merchantNo).heldMinor == 0)
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func aSlowMerchantTimesOutWithinTheBudget(_ kind: StoreKind) async throws {
        let receiver = CallbackReceiver(delayMs: 20_000)
        try await receiver.serve { url in
            try await TestServer.with(kind) { server in
                let (_, cardNo) = try await Self.setUp(server, url: url)
                let started = ContinuousClock.now
                let outcome = try await server.services.transactions.authorize(Self.request(cardNo, id: "AUTH_SLOW"))
                let waited = ContinuousClock.now - started
                #expect(outcome.declineReason == .merchantTimeout)
                let metrics = try await server.metrics()
                #expect(metrics.count(OperatorMetrics.Name.merchantAnswerTimeouts) == 1)
                #expect(metrics.count(OperatorMetrics.Name.merchantAnswerDuration + "_count") == 1)
                let declined = ["outcome": "declined", "reason": "merchantTimeout"]
                #expect(metrics.count(OperatorMetrics.Name.authorizations, declined) == 1)
                // The budget is 800 ms (alone: 0.81 s). In a full parallel run on two cores, tests
                // that block cooperative threads (subprocesses) delay the deadline's wake-up by
                // seconds (10 s seen); the margin absorbs that, never the merchant's 20 s.
                #expect(
                    waited < .milliseconds(15_000),
                    "the engine gave up at its budget, not after the merchant's 20 s"
                )
            }
        }
    }
}
