public import CardplaneCore
public import CardplaneStore
public import CardplaneTelemetry
import CardplaneVault
import Foundation
public import Logging

/// Asks an authorization-mode merchant to approve a spend in real time (spec §2, §7.3): one signed
/// `Auth` callback with an 800 ms budget; no answer, an error or `code ≠ 0` declines.
public struct MerchantAuthorizer: Sendable {
    let store: Store
    let clock: any WallClock
    let credentials: MerchantCredentials
    let transport: any CallbackTransport
    let metrics: OperatorMetrics
    let logger: Logger

    public init(
        store: Store,
        clock: any WallClock,
        credentials: MerchantCredentials,
        transport: any CallbackTransport,
        metrics: OperatorMetrics = .disabled,
        logger: Logger
    ) {
        self.store = store
        self.clock = clock
        self.credentials = credentials
        self.transport = transport
        self.metrics = metrics
        self.logger = logger
    }

    /// The merchant's answer.
    public struct Answer: Sendable, Equatable {
        /// `nil` when approved.
        public var declineReason: DeclineReason?
    }

    /// Sends the `Auth` callback and waits at most `timeoutMs` for `{"code": 0}`.
    public func ask(consumeNo: String, request: AuthorizationRequest, card: Card, timeoutMs: Int64) async -> Answer {
        let started = ContinuousClock.now
        let answer = await send(consumeNo: consumeNo, request: request, card: card, timeoutMs: timeoutMs)
        metrics.merchantAnswer(duration: .now - started, timedOut: answer.declineReason == .merchantTimeout)
        return answer
    }

    private func send(consumeNo: String, request: AuthorizationRequest, card: Card, timeoutMs: Int64) async -> Answer {
        let startedMs = clock.nowMs()
        let started = ContinuousClock.now
        do {
            let url = try await store.withConnection {
                try await MerchantRecords($0).callbackURL(merchantNo: card.merchantNo)
            }
            guard let url else { return Answer(declineReason: .merchantDeclined) }
            let secret = try await credentials.currentSecret(merchantNo: card.merchantNo)
            let callback = SignedCallback(
                id: "auth_" + consumeNo,
                action: "Auth",
                data: Self.data(consumeNo: consumeNo, request: request, card: card, timeMs: startedMs),
                version: nil,
                merchantNo: card.merchantNo,
                timestampMs: startedMs,
                secret: secret
            )
            let response = try await withDeadline(milliseconds: timeoutMs) { [transport] in
                try await transport.post(url: url, headers: callback.headers, body: callback.body, timeoutMs: timeoutMs)
            }
            return Answer(declineReason: response.isAcknowledgement ? nil : .merchantDeclined)
        } catch is DeadlineExceeded {
            return Answer(declineReason: .merchantTimeout)
        } catch {
            logger.notice(
                "auth callback failed",
                metadata: [
                    "merchant_no": .string(card.merchantNo), "error": .string(CallbackFailures.describe(error)),
                ]
            )
            let timedOut = ContinuousClock.now - started >= .milliseconds(timeoutMs)
            return Answer(declineReason: timedOut ? .merchantTimeout : .merchantDeclined)
        }
    }

    /// The `data` of an `Auth` callback (spec §7.3).
    static func data(
        consumeNo: String,
        request: AuthorizationRequest,
        card: Card,
        timeMs: Int64
    ) -> [String: CallbackJSON] {
        [
            "consume_no": .string(consumeNo),
            "card_no": .string(card.cardNo),
            "cardholder_no": .string(card.cardholderNo),
            "type": .string(request.kind == .atm ? ConsumptionType.atm.rawValue : ConsumptionType.consumption.rawValue),
            "amount": .amount(request.amount),
            "local_amount": .amount(request.localAmount),
            "local_currency": .string(request.localCurrency),
            "merchant_info": .object([
                "merchant_name": .string(request.merchant.merchantName),
                "merchant_mcc": .string(request.merchant.merchantMcc),
                "city": .string(request.merchant.city),
                "country": .string(request.merchant.country),
            ]),
            "status": .string(RecordStatus.pending.rawValue),
            "time": .integer(timeMs),
        ]
    }
}
