import CardplaneCore
import CardplaneStore
import CardplaneVault
import Foundation
import SQLKit

/// Writes `Card_update` domain events (spec §7.4) to the outbox, inside the caller's transaction.
/// The payload holds exactly the spec's fields; the card's version orders the events and travels
/// in the `Event-Version` header.
enum CardEvents {
    static let aggregateType = "card"
    static let statusChanged = "card.status_changed"

    struct Payload: Encodable {
        var cardNo: String
        var beforeStatus: String
        var afterStatus: String
        var reason: String
        var time: Int64

        enum CodingKeys: String, CodingKey {
            case cardNo = "card_no"
            case beforeStatus = "before_status"
            case afterStatus = "after_status"
            case reason, time
        }
    }

    /// Records `change` of `card`, which is the card after the change.
    static func record(_ change: Card.StatusChange, of card: Card, in database: any SQLDatabase) async throws {
        let payload = Payload(
            cardNo: card.cardNo,
            beforeStatus: change.before.rawValue,
            afterStatus: change.after.rawValue,
            reason: change.reason,
            time: card.updatedAtMs
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try await OutboxRecords(database).append(
            OutboxRecords.Event(
                eventID: CredentialGenerator.identifier(prefix: "evt"),
                merchantNo: card.merchantNo,
                aggregateType: aggregateType,
                aggregateNo: card.cardNo,
                aggregateVersion: card.version,
                eventType: statusChanged,
                payload: String(decoding: try encoder.encode(payload), as: UTF8.self),
                createdAtMs: card.updatedAtMs
            )
        )
    }

    /// Moves the card `from → to` and records the event; `nil` when a concurrent change won.
    static func transition(
        _ card: Card,
        to status: CardStatus,
        reason: String,
        nowMs: Int64,
        producedAtMs: Int64? = nil,
        providerReference: String? = nil,
        in database: any SQLDatabase
    ) async throws -> Card? {
        guard
            let updated = try await CardRecords(database).transition(
                cardNo: card.cardNo,
                from: card.status,
                to: status,
                producedAtMs: producedAtMs,
                providerReference: providerReference,
                nowMs: nowMs
            )
        else { return nil }
        if card.status != status {
            try await record(.init(before: card.status, after: status, reason: reason), of: updated, in: database)
        }
        return updated
    }
}
