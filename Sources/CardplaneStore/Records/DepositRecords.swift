public import SQLKit

/// On-chain deposits credited to merchant reserves, one per (chain, transaction hash).
public struct DepositRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    public struct Deposit: Sendable, Equatable {
        public var chain: String
        public var txHash: String
        public var merchantNo: String
        public var currency: String
        public var amountMinor: Int64
        public var entryID: String
        public var createdAtMs: Int64

        public init(
            chain: String,
            txHash: String,
            merchantNo: String,
            currency: String,
            amountMinor: Int64,
            entryID: String,
            createdAtMs: Int64
        ) {
            self.chain = chain
            self.txHash = txHash
            self.merchantNo = merchantNo
            self.currency = currency
            self.amountMinor = amountMinor
            self.entryID = entryID
            self.createdAtMs = createdAtMs
        }
    }

    /// Records `deposit` unless its (chain, tx hash) was recorded before; returns whether it did.
    public func insert(_ deposit: Deposit) async throws -> Bool {
        let rows = try await database.raw(
            """
            INSERT INTO merchant_deposit (chain, tx_hash, merchant_no, currency, amount_minor, entry_id, created_at_ms)
            VALUES (\(bind: deposit.chain), \(bind: deposit.txHash), \(bind: deposit.merchantNo), \(bind: deposit.currency),
                \(bind: deposit.amountMinor), \(bind: deposit.entryID), \(bind: deposit.createdAtMs))
            ON CONFLICT (chain, tx_hash) DO NOTHING
            RETURNING tx_hash
            """
        ).all()
        return !rows.isEmpty
    }

    /// The deposit recorded for (chain, tx hash), or `nil`.
    public func deposit(chain: String, txHash: String) async throws -> Deposit? {
        guard
            let row = try await database.raw(
                "SELECT * FROM merchant_deposit WHERE chain = \(bind: chain) AND tx_hash = \(bind: txHash)"
            ).first()
        else { return nil }
        return Deposit(
            chain: chain,
            txHash: txHash,
            merchantNo: try row.decode(column: "merchant_no", as: String.self),
            currency: try row.decode(column: "currency", as: String.self),
            amountMinor: try row.decode(column: "amount_minor", as: Int64.self),
            entryID: try row.decode(column: "entry_id", as: String.self),
            createdAtMs: try row.decode(column: "created_at_ms", as: Int64.self)
        )
    }
}
