public import CardplaneCore
import CardplaneStore
import CardplaneVault
import SQLKit

/// Writes `Consumption` domain events (spec §7.2) to the outbox, inside the caller's transaction.
/// The payload is the callback's `data` (``ConsumptionEventData``).
enum ConsumptionEvents {
    static let aggregateType = "consumption"

    /// Records `record` as it is now (its `version` orders its events).
    static func record(_ record: Consumption, created: Bool, in database: any SQLDatabase) async throws {
        try await OutboxRecords(database).append(event(of: record, created: created))
    }

    /// The event of `record` as it is now.
    static func event(of record: Consumption, created: Bool) -> OutboxRecords.Event {
        OutboxRecords.Event(
            eventID: CredentialGenerator.identifier(prefix: "evt"),
            merchantNo: record.merchantNo,
            aggregateType: aggregateType,
            aggregateNo: record.consumeNo,
            aggregateVersion: record.version,
            eventType: created ? "consumption.created" : "consumption.updated",
            payload: ConsumptionEventData.data(of: record).text,
            createdAtMs: record.updatedAtMs
        )
    }

}

/// The `data` of a `Consumption` callback (spec §7.2), in ``CallbackJSON`` so its amounts keep
/// their scale: exactly the fields of the spec (the record's version travels in the
/// `Event-Version` header, spec §13).
public enum ConsumptionEventData {
    public static func data(of record: Consumption) -> CallbackJSON {
        var data: [String: CallbackJSON] = [
            "consume_no": .string(record.consumeNo),
            "consume_relate_no": record.relatedConsumeNo.map(CallbackJSON.string) ?? .null,
            "card_no": .string(record.cardNo),
            "cardholder_no": .string(record.cardholderNo),
            "type": .string(record.type.rawValue),
            "amount": .amount(record.amount),
            "local_amount": .amount(record.localAmount),
            "local_currency": .string(record.localCurrency),
            "fee": .amount(record.feeTotal),
            "fee_detail": .array(
                record.fees.map { .object(["fee_type": .string($0.type.rawValue), "amount": .amount($0.amount)]) }
            ),
            "remark": record.remark.map(CallbackJSON.string) ?? .null,
            "detail": record.detail.map(CallbackJSON.string) ?? .null,
            "status": .string(record.status.rawValue),
            "time": .integer(record.updatedAtMs),
        ]
        if let merchant = record.network?.merchant {
            data["merchant_info"] = .object([
                "merchant_name": .string(merchant.merchantName),
                "merchant_mcc": .string(merchant.merchantMcc),
                "city": .string(merchant.city),
                "country": .string(merchant.country),
            ])
        }
        return .object(data)
    }
}

extension ConsumptionEventData {
    /// The record as the card-network simulator shows it (HTTP routes and `cardplane simulate`):
    /// the callback's data plus its version, whether it was approved, why not, and the network's id.
    public static func simulatorView(of record: Consumption) -> CallbackJSON {
        guard case .object(var members) = data(of: record) else { return .null }
        members["version"] = .integer(Int64(record.version))
        members["approved"] = .bool(record.status != .fail || record.network?.declineReason == nil)
        members["decline_reason"] = record.network?.declineReason.map { .string($0.rawValue) } ?? .null
        members["network_transaction_id"] = record.network.map { .string($0.transactionID) } ?? .null
        return .object(members)
    }
}
