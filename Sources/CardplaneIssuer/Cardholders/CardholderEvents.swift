import CardplaneCore
import CardplaneStore
import CardplaneVault
import Foundation
import SQLKit

/// Writes cardholder status changes to the outbox, inside the caller's transaction.
enum CardholderEvents {
    static let aggregateType = "cardholder"
    static let statusChanged = "cardholder.status_changed"

    struct Payload: Encodable {
        var cardholderNo: String
        var cardholderUniqueNo: String
        var beforeStatus: String?
        var afterStatus: String
        var reason: String?
        var version: Int
        var time: Int64

        enum CodingKeys: String, CodingKey {
            case cardholderNo = "cardholder_no"
            case cardholderUniqueNo = "cardholder_unique_no"
            case beforeStatus = "before_status"
            case afterStatus = "after_status"
            case reason, version, time
        }
    }

    /// Records `change` for `cardholder` at `version` (its current version by default); `created`
    /// marks the first event.
    static func record(
        _ change: KYCVerification.Change,
        of cardholder: Cardholder,
        version: Int? = nil,
        created: Bool,
        in database: any SQLDatabase
    ) async throws {
        let payload = Payload(
            cardholderNo: cardholder.cardholderNo,
            cardholderUniqueNo: cardholder.cardholderUniqueNo,
            beforeStatus: created ? nil : change.before.rawValue,
            afterStatus: change.after.rawValue,
            reason: change.reason,
            version: version ?? cardholder.version,
            time: cardholder.updatedAtMs
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try await OutboxRecords(database).append(
            OutboxRecords.Event(
                eventID: CredentialGenerator.identifier(prefix: "evt"),
                merchantNo: cardholder.merchantNo,
                aggregateType: aggregateType,
                aggregateNo: cardholder.cardholderNo,
                aggregateVersion: version ?? cardholder.version,
                eventType: statusChanged,
                payload: String(decoding: try encoder.encode(payload), as: UTF8.self),
                createdAtMs: cardholder.updatedAtMs
            )
        )
    }
}
