public import CardplaneCore
public import CardplaneStore
import CardplaneVault
import Foundation

/// Merchant reserves: on-chain deposits credited 1:1 into TUSDT, and balances (spec §13 Money).
public struct Treasury: Sendable {
    let store: Store
    let clock: any WallClock
    public let depositAssets: DepositAssets

    public init(store: Store, clock: any WallClock, depositAssets: DepositAssets = .standard) {
        self.store = store
        self.clock = clock
        self.depositAssets = depositAssets
    }

    /// The outcome of crediting a deposit.
    public struct DepositResult: Sendable, Equatable {
        /// False when this (chain, tx hash) had been credited before: nothing changed.
        public var credited: Bool
        public var deposit: DepositRecords.Deposit
        public var reserve: LedgerAccount
    }

    /// Credits `amountText` of `currency` received on `chain` in transaction `txHash` to the merchant's
    /// TUSDT reserve, once per (chain, tx hash).
    ///
    /// Checks in order: 3001 currency not taken, 3003 chain does not carry it, 3005 amount not a
    /// positive TUSDT amount, the hash not of its chain's form (``ChainTransactionHash``), merchant
    /// unknown or closed, the same transaction recorded with other data.
    public func deposit(
        merchantNo: String,
        amountText: String,
        currency: String,
        chain: String,
        txHash: String
    ) async throws -> DepositResult {
        try depositAssets.validate(currency: currency, chain: chain)
        let amount = try Currency.tusdt.positiveAmount(amountText)
        let chain = chain.uppercased()
        guard let txHash = ChainTransactionHash(txHash, chain: chain)?.canonical else {
            throw TreasuryError.invalidTransactionHash(chain: chain)
        }
        do {
            return try await credit(
                merchantNo: merchantNo,
                amount: amount,
                currency: currency,
                chain: chain,
                txHash: txHash
            )
        } catch is ConcurrentCredit {
            // Another credit of this transaction committed first and this one rolled back whole;
            // answering again now reads the winner: "already credited", or refused if its data differs.
            return try await credit(
                merchantNo: merchantNo,
                amount: amount,
                currency: currency,
                chain: chain,
                txHash: txHash
            )
        }
    }

    /// One attempt, in one transaction.
    private func credit(
        merchantNo: String,
        amount: Amount,
        currency: String,
        chain: String,
        txHash: String
    )
        async throws -> DepositResult
    {
        let source = LedgerAccount.Owner.platform("deposits:\(currency.uppercased()):\(chain)")
        let reserve = LedgerAccount.Owner.merchant(merchantNo)
        let nowMs = clock.nowMs()
        return try await store.withTransaction { database in
            guard let merchant = try await MerchantRecords(database).merchant(no: merchantNo),
                merchant.status != .closed
            else { throw TreasuryError.merchantNotFound }
            let deposits = DepositRecords(database)
            let ledger = LedgerRecords(database)
            if let existing = try await deposits.deposit(chain: chain, txHash: txHash) {
                guard existing.merchantNo == merchantNo, existing.amountMinor == amount.minorUnits,
                    existing.currency == currency.uppercased()
                else {
                    throw TreasuryError.transactionAlreadyCredited
                }
                let account = try await ledger.account(id: LedgerAccount.id(of: reserve, currency: Currency.tusdt.code))
                return DepositResult(credited: false, deposit: existing, reserve: account!)
            }
            let deposit = DepositRecords.Deposit(
                chain: chain,
                txHash: txHash,
                merchantNo: merchantNo,
                currency: currency.uppercased(),
                amountMinor: amount.minorUnits,
                entryID: CredentialGenerator.identifier(prefix: "ent"),
                createdAtMs: nowMs
            )
            let account = try await credit(deposit, from: source, to: reserve, in: ledger, nowMs: nowMs)
            // A concurrent credit of the same transaction took the key first: roll this one back.
            guard try await deposits.insert(deposit) else { throw ConcurrentCredit() }
            return DepositResult(credited: true, deposit: deposit, reserve: account)
        }
    }

    private func credit(
        _ deposit: DepositRecords.Deposit,
        from source: LedgerAccount.Owner,
        to reserve: LedgerAccount.Owner,
        in ledger: LedgerRecords,
        nowMs: Int64
    ) async throws -> LedgerAccount {
        let currency = Currency.tusdt.code
        try await ledger.ensureAccount(source, currency: currency, nowMs: nowMs)
        try await ledger.ensureAccount(reserve, currency: currency, nowMs: nowMs)
        let reserveID = LedgerAccount.id(of: reserve, currency: currency)
        let entry = JournalEntry.transfer(
            from: LedgerAccount.id(of: source, currency: currency),
            to: reserveID,
            amountMinor: deposit.amountMinor
        )
        try await ledger.post(
            entry,
            entryID: deposit.entryID,
            kind: "deposit",
            reference: "\(deposit.chain):\(deposit.txHash)",
            nowMs: nowMs
        )
        return try await ledger.account(id: reserveID)!
    }

    /// The merchant's TUSDT reserve (zero when nothing was ever credited).
    ///
    /// - Throws: ``TreasuryError/merchantNotFound`` for an unknown merchant.
    public func reserve(merchantNo: String) async throws -> LedgerAccount {
        let owner = LedgerAccount.Owner.merchant(merchantNo)
        let accountID = LedgerAccount.id(of: owner, currency: Currency.tusdt.code)
        let account = try await store.withConnection { database -> LedgerAccount? in
            guard try await MerchantRecords(database).merchant(no: merchantNo) != nil else {
                throw TreasuryError.merchantNotFound
            }
            return try await LedgerRecords(database).account(id: accountID)
        }
        return account
            ?? LedgerAccount(
                accountID: accountID,
                owner: owner,
                currency: Currency.tusdt.code,
                balanceMinor: 0,
                heldMinor: 0,
                allowsNegative: false
            )
    }

    /// Recomputes and checks the whole ledger (`cardplane ledger verify`).
    public func verifyLedger() async throws -> LedgerVerification {
        try await store.withTransaction { try await LedgerRecords($0).verify() }
    }
}

/// A concurrent credit of the same chain transaction won the primary key; this attempt rolled back.
private struct ConcurrentCredit: Error {}

/// Why an operator's deposit was refused (besides the catalogued 3001, 3003, 3005).
public enum TreasuryError: Error, Sendable, Equatable, CustomStringConvertible {
    case merchantNotFound
    case invalidTransactionHash(chain: String)
    case transactionAlreadyCredited

    public var description: String {
        switch self {
        case .merchantNotFound: return "no open merchant with that number"
        case .invalidTransactionHash(let chain):
            return "invalid transaction hash: \(ChainTransactionHash.expectedForm(chain: chain))"
        case .transactionAlreadyCredited: return "this chain transaction was already credited with other data"
        }
    }
}
