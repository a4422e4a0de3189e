public import CardplaneCore
public import CardplaneStore
public import CardplaneTelemetry
import Tracing

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
    private let batches: TransferBatches

    public static let currency = Currency.tusdt
    /// The chain shown as `symbol_chain` for TUSDT (spec §13).
    public static let symbolChain = "TRON"

    public init(
        store: Store,
        clock: any WallClock,
        cardholders: CardholderRegistry,
        metrics: OperatorMetrics = .disabled
    ) {
        self.store = store
        self.clock = clock
        self.cardholders = cardholders
        self.batches = TransferBatches(store: store, clock: clock, metrics: metrics)
    }

    /// Moves money between the merchant's reserve and the cardholder's account, atomically and once
    /// per `transfer_unique_no`, committed together with the transfers made at the same time
    /// (``TransferBatches``); answers only once committed.
    public func transfer(_ request: TransferRequest, merchantNo: String) async throws -> TransferRecords.Transfer {
        try await withSpan("transfer") { _ in
            try await batches.transfer(.init(request: request, merchantNo: merchantNo))
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
        let countedUntil = try await store.listCountedUntil(.transfers)
        return try await store.withReader { database in
            try await TransferRecords(database).list(
                merchantNo: merchantNo,
                cardholderNo: cardholderNo,
                transferNo: transferNo,
                transferUniqueNo: transferUniqueNo,
                range: range,
                page: page,
                countedUntil: countedUntil
            )
        }
    }
}
