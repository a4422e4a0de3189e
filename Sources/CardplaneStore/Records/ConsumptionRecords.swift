public import CardplaneCore
import Foundation
public import SQLKit

/// Card money records (spec §4.11).
public struct ConsumptionRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Stores a record, posted as ledger entry `entryID` (if it moved money). Returns `false`,
    /// storing nothing, when a record with its network transaction id exists.
    @discardableResult
    public func insert(_ record: Consumption, entryID: String?) async throws -> Bool {
        try await !insert([record], entryID: entryID).isEmpty
    }

    /// Stores `records` in one statement, each posted as `entryID` (if they moved money), skipping
    /// those whose network transaction id a record already has; returns the numbers it stored.
    public func insert(_ records: [Consumption], entryID: String?) async throws -> Set<String> {
        guard !records.isEmpty else { return [] }
        let rows: [SQLQueryString] = try records.map { record in
            let network = record.network
            let merchantInfo = try network.map { try JSONText.encode($0.merchant) }
            return """
                (\(bind: record.consumeNo), \(bind: record.merchantNo), \(bind: record.cardNo),
                    \(bind: record.cardholderNo), \(bind: record.relatedConsumeNo), \(bind: record.type.rawValue),
                    \(bind: record.status.rawValue), \(bind: record.currency), \(bind: record.amount.minorUnits),
                    \(bind: record.localCurrency), \(bind: record.localAmount.minorUnits),
                    \(bind: record.feeTotal.minorUnits), \(bind: try Self.feeText(record.fees)), \(bind: merchantInfo),
                    \(bind: record.remark), \(bind: record.detail), \(bind: entryID), \(bind: record.version),
                    \(bind: record.createdAtMs), \(bind: record.updatedAtMs), \(bind: network?.transactionID),
                    \(bind: network?.holdID), \(bind: network?.declineReason?.rawValue),
                    \(bind: network?.merchant.merchantMcc), \(bind: network?.clearedMinor ?? 0),
                    \(bind: network?.returnedMinor ?? 0))
                """
        }
        let stored = try await database.raw(
            """
            INSERT INTO card_consumption (consume_no, merchant_no, card_no, cardholder_no, consume_relate_no,
                consume_type, status, currency, amount_minor, local_currency, local_amount_minor, fee_minor, fee_list,
                merchant_info, remark, detail, entry_id, version, created_at_ms, updated_at_ms,
                network_transaction_id, hold_id, decline_reason, merchant_mcc, cleared_minor, returned_minor)
            VALUES \(rows.joined(separator: ", "))
            ON CONFLICT (network_transaction_id) DO NOTHING
            RETURNING consume_no
            """
        ).all()
        return Set(try stored.map { try $0.decode(column: "consume_no", as: String.self) })
    }

    static func feeText(_ fees: [FeeItem]) throws -> String {
        try JSONText.encode(fees.map { StoredFee(type: $0.type.rawValue, minor: $0.amount.minorUnits) })
    }

    /// Replaces the record's changing parts (status, fees, hold, captured and returned amounts,
    /// remark, version) if its version is still `expectedVersion`. Returns whether it won.
    public func update(_ record: Consumption, expectedVersion: Int, entryID: String? = nil) async throws -> Bool {
        let network = record.network
        return try await !database.raw(
            """
            UPDATE card_consumption SET status = \(bind: record.status.rawValue),
                fee_minor = \(bind: record.feeTotal.minorUnits), fee_list = \(bind: try Self.feeText(record.fees)),
                remark = \(bind: record.remark), hold_id = \(bind: network?.holdID),
                cleared_minor = \(bind: network?.clearedMinor ?? 0),
                returned_minor = \(bind: network?.returnedMinor ?? 0),
                entry_id = COALESCE(\(bind: entryID), entry_id), version = \(bind: record.version),
                updated_at_ms = \(bind: record.updatedAtMs)
            WHERE consume_no = \(bind: record.consumeNo) AND version = \(bind: expectedVersion)
            RETURNING consume_no
            """
        ).all().isEmpty
    }

    /// The record with this network transaction id, or `nil`.
    public func record(networkTransactionID: String) async throws -> Consumption? {
        try await database.raw(
            "SELECT * FROM card_consumption WHERE network_transaction_id = \(bind: networkTransactionID)"
        ).first().map(Self.record(from:))
    }

    /// The record `consumeNo`, of `merchantNo` when given, or `nil`.
    public func record(consumeNo: String, merchantNo: String? = nil) async throws -> Consumption? {
        let filter: SQLQueryString = merchantNo.map { "AND merchant_no = \(bind: $0)" } ?? ""
        return try await database.raw(
            "SELECT * FROM card_consumption WHERE consume_no = \(bind: consumeNo) \(filter)"
        ).first().map(Self.record(from:))
    }

    /// The card's records, oldest first.
    public func records(cardNo: String) async throws -> [Consumption] {
        try await database.raw(
            "SELECT * FROM card_consumption WHERE card_no = \(bind: cardNo) ORDER BY created_at_ms, consume_no"
        ).all().map(Self.record(from:))
    }

    static func network(from row: any SQLRow) throws -> NetworkDetails? {
        guard let transactionID = try row.decode(column: "network_transaction_id", as: String?.self),
            let merchantText = try row.decode(column: "merchant_info", as: String?.self)
        else { return nil }
        let reason = try row.decode(column: "decline_reason", as: String?.self)
        return NetworkDetails(
            transactionID: transactionID,
            holdID: try row.decode(column: "hold_id", as: String?.self),
            merchant: try JSONText.decode(MerchantInfo.self, from: merchantText),
            declineReason: reason.flatMap(DeclineReason.init(rawValue:)),
            clearedMinor: try row.decode(column: "cleared_minor", as: Int64.self),
            returnedMinor: try row.decode(column: "returned_minor", as: Int64.self)
        )
    }

    struct StoredFee: Codable {
        var type: String
        var minor: Int64
    }

    /// A list row: the columns ``list(merchantNo:cardholderNo:consumeNo:cardNo:range:page:countedUntil:)``
    /// selects, with the page's `list_time` as the record's creation time.
    static func summary(from row: any SQLRow) throws -> ConsumptionSummary {
        guard let type = ConsumptionType(rawValue: try row.decode(column: "consume_type", as: String.self)),
            let status = RecordStatus(rawValue: try row.decode(column: "status", as: String.self)),
            let currency = Currency.known[try row.decode(column: "currency", as: String.self)]
        else { throw StoreError.corruptRow(table: "card_consumption") }
        return ConsumptionSummary(
            consumeNo: try row.decode(column: "consume_no", as: String.self),
            cardNo: try row.decode(column: "card_no", as: String.self),
            type: type,
            status: status,
            amount: Amount(minorUnits: try row.decode(column: "amount_minor", as: Int64.self), scale: currency.scale),
            createdAtMs: try row.decode(column: "list_time", as: Int64.self)
        )
    }

    static func record(from row: any SQLRow) throws -> Consumption {
        guard let type = ConsumptionType(rawValue: try row.decode(column: "consume_type", as: String.self)),
            let status = RecordStatus(rawValue: try row.decode(column: "status", as: String.self)),
            let currency = Currency.known[try row.decode(column: "currency", as: String.self)]
        else { throw StoreError.corruptRow(table: "card_consumption") }
        let localCurrency = try row.decode(column: "local_currency", as: String.self)
        let localScale = Currency.known[localCurrency]?.scale ?? ExchangeRates.scale(of: localCurrency)
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
            network: try network(from: row),
            version: Int(try row.decode(column: "version", as: Int64.self)),
            createdAtMs: try row.decode(column: "created_at_ms", as: Int64.self),
            updatedAtMs: try row.decode(column: "updated_at_ms", as: Int64.self)
        )
    }
}
