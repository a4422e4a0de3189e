import CardplaneCore
import CardplaneStore
import CardplaneTelemetry
import CardplaneVault
import Foundation
import Logging

/// The callback actions of spec §8.6 that the outbox feeds.
enum CallbackAction: String {
    case cardUpdate = "Card_update"
    case consumption = "Consumption"

    /// The action for an outbox event type; `nil` for events no callback exists for.
    init?(eventType: String) {
        if eventType.hasPrefix("card.") {
            self = .cardUpdate
        } else if eventType.hasPrefix("consumption.") {
            self = .consumption
        } else {
            return nil
        }
    }
}

extension CallbackDispatcher {
    /// One attempt at one event: build, sign, send, record.
    func attempt(_ delivery: OutboxRecords.Delivery, action: CallbackAction) async throws {
        let event = delivery.event
        let attempt = delivery.attempts + 1
        let startedAtMs = clock.nowMs()
        var httpStatus: Int?
        let outcome: String
        var waitsForURL = false
        do {
            let response = try await send(event, action: action, timestampMs: startedAtMs)
            httpStatus = response.status
            outcome =
                response.isAcknowledgement
                ? "acknowledged"
                : "not acknowledged (HTTP \(response.status), code \(response.code.map(String.init) ?? "none"))"
        } catch {
            outcome = CallbackFailures.describe(error)
            waitsForURL = (error as? DeliveryFailure) == .noCallbackURL
        }
        let acknowledged = outcome == "acknowledged"
        let nowMs = clock.nowMs()
        let status = httpStatus
        // Without a URL nothing was tried at the merchant: the callback waits for one (the longest
        // wait, until `merchant callback set` makes it due) and is never dead for it.
        let backoff = waitsForURL ? settings.backoffMs.last : settings.backoff(afterAttempt: attempt)
        let state: OutboxRecords.DeliveryStatus = acknowledged ? .delivered : backoff == nil ? .dead : .pending
        try await store.withTransaction { database in
            try await OutboxRecords(database).finishAttempt(
                eventID: event.eventID,
                attempt: attempt,
                status: state,
                nextAttemptAtMs: nowMs + (acknowledged ? 0 : backoff ?? 0),
                httpStatus: status,
                outcome: outcome,
                startedAtMs: startedAtMs,
                nowMs: nowMs
            )
        }
        metrics.callbackDelivery(outcome: state == .pending ? "retry" : state.rawValue)
        if state == .dead {
            logger.warning(
                "callback dead: every attempt of the retry schedule failed; `cardplane callback replay` sends it again",
                metadata: [
                    "event_id": .string(event.eventID), "merchant_no": .string(event.merchantNo),
                    "attempt": .stringConvertible(attempt), "outcome": .string(outcome),
                ]
            )
        } else if !acknowledged {
            logger.notice(
                "callback not acknowledged",
                metadata: [
                    "event_id": .string(event.eventID), "merchant_no": .string(event.merchantNo),
                    "attempt": .stringConvertible(attempt), "outcome": .string(outcome),
                ]
            )
        }
    }

    /// The merchant's callback URL, if it set one.
    func callbackURL(of merchantNo: String) async throws -> String? {
        try await store.withConnection { try await MerchantRecords($0).callbackURL(merchantNo: merchantNo) }
    }

    /// A merchant without a callback URL: its due events are recorded as attempted (`no callback
    /// URL set`) and wait for one, as ``attempt(_:action:)`` would record each — but in one
    /// transaction for the batch, so a merchant that never set a URL costs next to nothing. Events
    /// no callback exists for are skipped as usual. Returns how many it recorded.
    func parkWithoutURL(_ deliveries: [OutboxRecords.Delivery], merchantNo: String) async throws -> Int {
        var waiting: [String] = []
        for delivery in deliveries {
            if CallbackAction(eventType: delivery.event.eventType) == nil {
                _ = try await claimAndAttempt(delivery)  // skipped, no attempt
            } else {
                waiting.append(delivery.event.eventID)
            }
        }
        let nowMs = clock.nowMs()
        let outcome = DeliveryFailure.noCallbackURL.reason
        let parked = try await store.withTransaction { [waiting, settings] database in
            try await OutboxRecords(database).recordUnsent(
                eventIDs: waiting,
                outcome: outcome,
                nextAttemptAtMs: nowMs + (settings.backoffMs.last ?? 0),
                nowMs: nowMs
            )
        }
        metrics.callbackDelivery(outcome: "retry", count: parked)
        if parked > 0 {
            logger.notice(
                "callbacks not sent: no callback URL set",
                metadata: ["merchant_no": .string(merchantNo), "events": .stringConvertible(parked)]
            )
        }
        return parked
    }

    struct DeliveryFailure: Error, Equatable {
        var reason: String

        static let noCallbackURL = DeliveryFailure(reason: "no callback URL set")
    }

    /// Posts the event's callback; throws ``DeliveryFailure`` when it cannot be sent at all.
    func send(
        _ event: OutboxRecords.Event,
        action: CallbackAction,
        timestampMs: Int64
    ) async throws
        -> CallbackResponse
    {
        let url = try await store.withConnection {
            try await MerchantRecords($0).callbackURL(merchantNo: event.merchantNo)
        }
        guard let url else { throw DeliveryFailure.noCallbackURL }
        guard case .object(let data)? = CallbackJSON(parsing: event.payload) else {
            throw DeliveryFailure(reason: "payload is not a JSON object")
        }
        let secret: Sensitive<String>
        do {
            secret = try await credentials.currentSecret(merchantNo: event.merchantNo)
        } catch {
            throw DeliveryFailure(reason: "no usable API credential")
        }
        let request = SignedCallback(
            id: event.eventID,
            action: action.rawValue,
            data: data,
            version: event.aggregateVersion,
            merchantNo: event.merchantNo,
            timestampMs: timestampMs,
            secret: secret
        )
        return try await transport.post(
            url: url,
            headers: request.headers,
            body: request.body,
            timeoutMs: settings.requestTimeoutMs
        )
    }
}

/// A callback ready to send: its body and signed headers (spec §7.1, §13). An event of an object
/// carries the object's version in `Event-Version`, outside the signed `data`, so a merchant can
/// drop a stale one; `Auth` asks a question about no versioned object and has none.
struct SignedCallback {
    let body: String
    let headers: [(String, String)]

    /// Offset written in the `Timezone` header: the source's fixed value.
    static let timezone = "UTC+8"

    init(
        id: String,
        action: String,
        data: [String: CallbackJSON],
        version: Int?,
        merchantNo: String,
        timestampMs: Int64,
        secret: Sensitive<String>
    ) {
        let timestamp = String(timestampMs)
        body = CallbackJSON.object(["id": .string(id), "action": .string(action), "data": .object(data)]).text
        let signature = CallbackSigner.signature(secret: secret, appID: merchantNo, timestamp: timestamp, data: data)
        headers =
            [("Timestamp", timestamp), ("Signature", signature), ("Sign-Version", "V1"), ("Timezone", Self.timezone)]
            + (version.map { [("Event-Version", String($0))] } ?? [])
    }
}
