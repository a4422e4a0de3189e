public import CardplaneCore
public import CardplaneStore
import CardplaneVault

/// Cardholder fund transfers and accounts for credit-extension merchants (spec §4.13–4.15).
///
/// A transfer checks, in order (after the request's own checks in ``TransferRequest``):
/// 2002 no such cardholder for this merchant, 2005 cardholder rejected (2004 while verifying),
/// 3004 `transfer_unique_no` already used, 3007 merchant reserve short (`In`),
/// 3002 cardholder balance short (`Out`).
public struct CardholderAccounts: Sendable {
    let store: Store
    let clock: any WallClock
    let cardholders: CardholderRegistry

    public static let currency = Currency.tusdt
    /// The chain shown as `symbol_chain` for TUSDT (spec §13).
    public static let symbolChain = "TRON"

    public init(store: Store, clock: any WallClock, cardholders: CardholderRegistry) {
        self.store = store
        self.clock = clock
        self.cardholders = cardholders
    }

    /// Moves money between the merchant's reserve and the cardholder's account, atomically and once
    /// per `transfer_unique_no`.
    public func transfer(_ request: TransferRequest, merchantNo: String) async throws -> TransferRecords.Transfer {
        let cardholder = try await cardholders.requireCardholder(no: request.cardholderNo, merchantNo: merchantNo)
        try cardholder.verification.requireApproved()
        for _ in 0..<Limits.uniqueNumberAttemptsMax {
            var generator = SystemRandomNumberGenerator()
            let transferNo = PublicNumber.make(.transfer, nowMs: clock.nowMs(), using: &generator)
            do {
                return try await post(request, merchantNo: merchantNo, transferNo: transferNo)
            } catch let error where !(error is CardplaneError) {
                // Another transfer drew the same number (rare, see PublicNumber): this one rolled
                // back whole, so try again under a new number; any other failure is not ours to retry.
                let taken = try await store.withConnection {
                    try await TransferRecords($0).exists(transferNo: transferNo)
                }
                guard taken else { throw error }
            }
        }
        throw StoreError.uniqueNumberExhausted(table: "account_transfer")
    }

    /// One attempt at the transfer, in one transaction, under `transferNo`.
    private func post(
        _ request: TransferRequest,
        merchantNo: String,
        transferNo: String
    ) async throws
        -> TransferRecords.Transfer
    {
        let nowMs = clock.nowMs()
        let entryID = CredentialGenerator.identifier(prefix: "ent")
        let code = Self.currency.code
        let merchantAccount = LedgerAccount.id(of: .merchant(merchantNo), currency: code)
        let cardholderAccount = LedgerAccount.id(of: .cardholder(request.cardholderNo), currency: code)
        let entry: JournalEntry
        switch request.type {
        case .transferIn:
            entry = .transfer(from: merchantAccount, to: cardholderAccount, amountMinor: request.amount.minorUnits)
        case .transferOut:
            entry = .transfer(from: cardholderAccount, to: merchantAccount, amountMinor: request.amount.minorUnits)
        }
        return try await store.withTransaction { database in
            let transfers = TransferRecords(database)
            guard try await !transfers.exists(merchantNo: merchantNo, transferUniqueNo: request.transferUniqueNo) else {
                throw CardplaneError(.transferUniqueNoExists)
            }
            let ledger = LedgerRecords(database)
            try await ledger.ensureAccount(.merchant(merchantNo), currency: code, nowMs: nowMs)
            try await ledger.ensureAccount(.cardholder(request.cardholderNo), currency: code, nowMs: nowMs)
            let balances: [String: Int64]
            do {
                balances = try await ledger.post(
                    entry,
                    entryID: entryID,
                    kind: "transfer",
                    reference: transferNo,
                    nowMs: nowMs
                )
            } catch LedgerError.insufficientFunds(let accountID) {
                throw CardplaneError(
                    accountID == merchantAccount ? .merchantBalanceInsufficient : .cardholderBalanceInsufficient
                )
            }
            let after = balances[cardholderAccount]!
            let delta = request.type == .transferIn ? request.amount.minorUnits : -request.amount.minorUnits
            let transfer = TransferRecords.Transfer(
                transferNo: transferNo,
                merchantNo: merchantNo,
                transferUniqueNo: request.transferUniqueNo,
                cardholderNo: request.cardholderNo,
                type: request.type,
                currency: code,
                amountMinor: request.amount.minorUnits,
                beforeBalanceMinor: after - delta,
                afterBalanceMinor: after,
                entryID: entryID,
                createdAtMs: nowMs
            )
            // A concurrent transfer with the same reference number committed first: roll back.
            guard try await transfers.insert(transfer) else { throw CardplaneError(.transferUniqueNoExists) }
            return transfer
        }
    }

    /// The cardholder's TUSDT account (zero before the first transfer), or 2002.
    public func account(cardholderNo: String, merchantNo: String) async throws -> LedgerAccount {
        _ = try await cardholders.requireCardholder(no: cardholderNo, merchantNo: merchantNo)
        let owner = LedgerAccount.Owner.cardholder(cardholderNo)
        let accountID = LedgerAccount.id(of: owner, currency: Self.currency.code)
        let account = try await store.withReader { try await LedgerRecords($0).account(id: accountID) }
        return account
            ?? LedgerAccount(
                accountID: accountID,
                owner: owner,
                currency: Self.currency.code,
                balanceMinor: 0,
                heldMinor: 0,
                allowsNegative: false
            )
    }

    /// The merchant's transfers within `range`, newest first.
    public func transfers(
        merchantNo: String,
        cardholderNo: String?,
        transferNo: String?,
        transferUniqueNo: String?,
        range: TimeRange,
        page: PageRequest
    ) async throws -> Page<TransferRecords.Transfer> {
        try await store.withReader { database in
            try await TransferRecords(database).list(
                merchantNo: merchantNo,
                cardholderNo: cardholderNo,
                transferNo: transferNo,
                transferUniqueNo: transferUniqueNo,
                range: range,
                page: page
            )
        }
    }
}
