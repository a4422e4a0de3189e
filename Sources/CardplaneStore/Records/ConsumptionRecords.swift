public import CardplaneCore
import Foundation
public import SQLKit

/// Card money records (spec §4.11).
public struct ConsumptionRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Stores a record, posted as ledger entry `entryID` (if it moved money).
    public func insert(_ record: Consumption, entryID: String?) async throws {
        let fees = try JSONText.encode(
            record.fees.map { StoredFee(type: $0.type.rawValue, minor: $0.amount.minorUnits) }
        )
        try await database.raw(
            """
            INSERT INTO card_consumption (consume_no, merchant_no, card_no, cardholder_no, consume_relate_no,
                consume_type, status, currency, amount_minor, local_currency, local_amount_minor, fee_minor, fee_list,
                remark, detail, entry_id, version, created_at_ms, updated_at_ms)
            VALUES (\(bind: record.consumeNo), \(bind: record.merchantNo), \(bind: record.cardNo),
                \(bind: record.cardholderNo), \(bind: record.relatedConsumeNo), \(bind: record.type.rawValue),
                \(bind: record.status.rawValue), \(bind: record.currency), \(bind: record.amount.minorUnits),
                \(bind: record.localCurrency), \(bind: record.localAmount.minorUnits),
                \(bind: record.feeTotal.minorUnits), \(bind: fees), \(bind: record.remark), \(bind: record.detail),
                \(bind: entryID), \(bind: record.version), \(bind: record.createdAtMs), \(bind: record.updatedAtMs))
            """
        ).run()
    }

    /// The card's records, oldest first.
    public func records(cardNo: String) async throws -> [Consumption] {
        try await database.raw(
            "SELECT * FROM card_consumption WHERE card_no = \(bind: cardNo) ORDER BY created_at_ms, consume_no"
        ).all().map(Self.record(from:))
    }

    struct StoredFee: Codable {
        var type: String
        var minor: Int64
    }

    static func record(from row: any SQLRow) throws -> Consumption {
        guard let type = ConsumptionType(rawValue: try row.decode(column: "consume_type", as: String.self)),
            let status = RecordStatus(rawValue: try row.decode(column: "status", as: String.self)),
            let currency = Currency.known[try row.decode(column: "currency", as: String.self)]
        else { throw StoreError.corruptRow(table: "card_consumption") }
        let localCurrency = try row.decode(column: "local_currency", as: String.self)
        let localScale = Currency.known[localCurrency]?.scale ?? currency.scale
        let fees = try JSONText.decode([StoredFee].self, from: row.decode(column: "fee_list", as: String.self))
        return Consumption(
            consumeNo: try row.decode(column: "consume_no", as: String.self),
            merchantNo: try row.decode(column: "merchant_no", as: String.self),
            cardNo: try row.decode(column: "card_no", as: String.self),
            cardholderNo: try row.decode(column: "cardholder_no", as: String.self),
            relatedConsumeNo: try row.decode(column: "consume_relate_no", as: String?.self),
            type: type,
            status: status,
            amount: Amount(minorUnits: try row.decode(column: "amount_minor", as: Int64.self), scale: currency.scale),
            currency: currency.code,
            localAmount: Amount(
                minorUnits: try row.decode(column: "local_amount_minor", as: Int64.self),
                scale: localScale
            ),
            localCurrency: localCurrency,
            fees: try fees.map { fee in
                guard let type = FeeType(rawValue: fee.type) else {
                    throw StoreError.corruptRow(table: "card_consumption")
                }
                return FeeItem(type: type, amount: Amount(minorUnits: fee.minor, scale: currency.scale))
            },
            remark: try row.decode(column: "remark", as: String?.self),
            detail: try row.decode(column: "detail", as: String?.self),
            version: Int(try row.decode(column: "version", as: Int64.self)),
            createdAtMs: try row.decode(column: "created_at_ms", as: Int64.self),
            updatedAtMs: try row.decode(column: "updated_at_ms", as: Int64.self)
        )
    }
}
