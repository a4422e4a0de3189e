public import CardplaneCore
public import SQLKit

/// Cardholder fund transfers (spec §4.13, §4.15), each pointing at its ledger entry.
public struct TransferRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// A transfer as stored (the use cases' ``CardplaneCore/Transfer``).
    public typealias Transfer = CardplaneCore.Transfer

    /// Inserts `transfer` unless the merchant already used its unique number; returns whether it did.
    ///
    /// On PostgreSQL a concurrent insert of the same number waits for the other transaction and
    /// then yields, so exactly one of them records the transfer.
    public func insert(_ transfer: Transfer) async throws -> Bool {
        let rows = try await database.raw(
            """
            INSERT INTO account_transfer (transfer_no, merchant_no, transfer_unique_no, cardholder_no, transfer_type,
                currency, amount_minor, before_balance_minor, after_balance_minor, status, entry_id, created_at_ms)
            VALUES (\(bind: transfer.transferNo), \(bind: transfer.merchantNo), \(bind: transfer.transferUniqueNo),
                \(bind: transfer.cardholderNo), \(bind: transfer.type.rawValue), \(bind: transfer.currency),
                \(bind: transfer.amountMinor), \(bind: transfer.beforeBalanceMinor), \(bind: transfer.afterBalanceMinor),
                \(bind: transfer.status), \(bind: transfer.entryID), \(bind: transfer.createdAtMs))
            ON CONFLICT (merchant_no, transfer_unique_no) DO NOTHING
            RETURNING transfer_no
            """
        ).all()
        return !rows.isEmpty
    }

    /// Inserts `transfers` in one statement, skipping any whose unique number its merchant already
    /// used (on PostgreSQL after waiting for a concurrent insert of it); returns the transfer numbers
    /// it recorded.
    public func insert(_ transfers: [Transfer]) async throws -> Set<String> {
        guard !transfers.isEmpty else { return [] }
        let rows: [SQLQueryString] = transfers.map { transfer in
            """
            (\(bind: transfer.transferNo), \(bind: transfer.merchantNo), \(bind: transfer.transferUniqueNo),
                \(bind: transfer.cardholderNo), \(bind: transfer.type.rawValue), \(bind: transfer.currency),
                \(bind: transfer.amountMinor), \(bind: transfer.beforeBalanceMinor), \(bind: transfer.afterBalanceMinor),
                \(bind: transfer.status), \(bind: transfer.entryID), \(bind: transfer.createdAtMs))
            """
        }
        let inserted = try await database.raw(
            """
            INSERT INTO account_transfer (transfer_no, merchant_no, transfer_unique_no, cardholder_no, transfer_type,
                currency, amount_minor, before_balance_minor, after_balance_minor, status, entry_id, created_at_ms)
            VALUES \(rows.joined(separator: ", "))
            ON CONFLICT (merchant_no, transfer_unique_no) DO NOTHING
            RETURNING transfer_no
            """
        ).all()
        return Set(try inserted.map { try $0.decode(column: "transfer_no", as: String.self) })
    }

    /// Which of `references` — a merchant and its `transfer_unique_no` each — are already used.
    public func used(_ references: [TransferReference]) async throws -> Set<TransferReference> {
        guard !references.isEmpty else { return [] }
        let pairs: [SQLQueryString] = references.map { "(\(bind: $0.merchantNo), \(bind: $0.transferUniqueNo))" }
        let rows = try await database.raw(
            """
            SELECT merchant_no, transfer_unique_no FROM account_transfer
            WHERE (merchant_no, transfer_unique_no) IN (VALUES \(pairs.joined(separator: ", ")))
            """
        ).all()
        return Set(
            try rows.map {
                TransferReference(
                    merchantNo: try $0.decode(column: "merchant_no", as: String.self),
                    transferUniqueNo: try $0.decode(column: "transfer_unique_no", as: String.self)
                )
            }
        )
    }

    /// Whether a transfer numbered `transferNo` exists.
    public func exists(transferNo: String) async throws -> Bool {
        try await database.raw("SELECT transfer_no FROM account_transfer WHERE transfer_no = \(bind: transferNo)")
            .first() != nil
    }

    /// Whether the merchant has used `transferUniqueNo`.
    public func exists(merchantNo: String, transferUniqueNo: String) async throws -> Bool {
        try await database.raw(
            """
            SELECT transfer_no FROM account_transfer
            WHERE merchant_no = \(bind: merchantNo) AND transfer_unique_no = \(bind: transferUniqueNo)
            """
        ).first() != nil
    }

    /// The merchant's transfers within `range`, newest first, optionally filtered.
    public func list(
        merchantNo: String,
        cardholderNo: String?,
        transferNo: String?,
        transferUniqueNo: String?,
        range: TimeRange,
        page: PageRequest,
        countedUntil: Int64?
    ) async throws -> Page<Transfer> {
        var filter: SQLQueryString = """
            WHERE merchant_no = \(bind: merchantNo)
            """
        if let cardholderNo { filter = "\(filter) AND cardholder_no = \(bind: cardholderNo)" }
        if let transferNo { filter = "\(filter) AND transfer_no = \(bind: transferNo)" }
        if let transferUniqueNo { filter = "\(filter) AND transfer_unique_no = \(bind: transferUniqueNo)" }
        return try await database.page(
            select: "*",
            source: "FROM account_transfer \(filter)",
            time: "created_at_ms",
            id: "transfer_no",
            range: range,
            page: page,
            total: database.listTotal(
                .transfers,
                merchantNo: merchantNo,
                range: range,
                filtered: cardholderNo != nil || transferNo != nil || transferUniqueNo != nil,
                countedUntil: countedUntil
            ),
            row: Self.transfer(from:)
        )
    }

    static func transfer(from row: any SQLRow) throws -> Transfer {
        guard let type = TransferType(rawValue: try row.decode(column: "transfer_type", as: String.self)) else {
            throw StoreError.corruptRow(table: "account_transfer")
        }
        var transfer = Transfer(
            transferNo: try row.decode(column: "transfer_no", as: String.self),
            merchantNo: try row.decode(column: "merchant_no", as: String.self),
            transferUniqueNo: try row.decode(column: "transfer_unique_no", as: String.self),
            cardholderNo: try row.decode(column: "cardholder_no", as: String.self),
            type: type,
            currency: try row.decode(column: "currency", as: String.self),
            amountMinor: try row.decode(column: "amount_minor", as: Int64.self),
            beforeBalanceMinor: try row.decode(column: "before_balance_minor", as: Int64.self),
            afterBalanceMinor: try row.decode(column: "after_balance_minor", as: Int64.self),
            entryID: try row.decode(column: "entry_id", as: String.self),
            createdAtMs: try row.decode(column: "created_at_ms", as: Int64.self)
        )
        transfer.status = try row.decode(column: "status", as: String.self)
        return transfer
    }
}
