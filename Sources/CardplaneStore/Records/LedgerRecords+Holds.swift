public import CardplaneCore
import SQLKit

extension LedgerRecords {
    /// Reserves `hold.amountMinor` on its account, if its available balance allows.
    ///
    /// - Throws: ``LedgerError/insufficientFunds(accountID:)`` when it does not.
    public func place(_ hold: Hold, nowMs: Int64) async throws {
        precondition(hold.state == .pending)
        let row = try await database.raw(
            """
            UPDATE ledger_account SET held_minor = held_minor + \(bind: hold.amountMinor), updated_at_ms = \(bind: nowMs)
            WHERE account_id = \(bind: hold.accountID)
              AND (allows_negative = 1 OR balance_minor - held_minor - \(bind: hold.amountMinor) >= 0)
            RETURNING held_minor
            """
        ).first()
        guard row != nil else { throw LedgerError.insufficientFunds(accountID: hold.accountID) }
        try await database.raw(
            """
            INSERT INTO ledger_hold (hold_id, account_id, amount_minor, state, expires_at_ms, created_at_ms)
            VALUES (\(bind: hold.holdID), \(bind: hold.accountID), \(bind: hold.amountMinor), 'pending',
                \(bind: hold.expiresAtMs), \(bind: nowMs))
            """
        ).run()
    }

    /// The hold `holdID`, or `nil`.
    public func hold(id holdID: String) async throws -> Hold? {
        guard let row = try await database.raw("SELECT * FROM ledger_hold WHERE hold_id = \(bind: holdID)").first()
        else { return nil }
        guard let state = Hold.State(rawValue: try row.decode(column: "state", as: String.self)) else {
            throw StoreError.corruptRow(table: "ledger_hold")
        }
        return Hold(
            holdID: holdID,
            accountID: try row.decode(column: "account_id", as: String.self),
            amountMinor: try row.decode(column: "amount_minor", as: Int64.self),
            state: state,
            expiresAtMs: try row.decode(column: "expires_at_ms", as: Int64.self)
        )
    }

    /// Resolves a pending hold: releases the reservation and, for a post, moves the posted amount to
    /// `counterpartyAccountID` as entry `entryID`. Exactly one resolution wins a race: the state
    /// changes only from `pending`.
    ///
    /// - Throws: ``LedgerError/holdNotFound`` or ``LedgerError/hold(_:)``.
    public func resolve(
        holdID: String,
        _ resolution: Hold.Resolution,
        counterpartyAccountID: String,
        entryID: String,
        nowMs: Int64
    ) async throws {
        try await resolve(
            holdID: holdID,
            resolution,
            credits: { [(counterpartyAccountID, $0)] },
            entryID: entryID,
            kind: "hold_post",
            nowMs: nowMs
        )
    }

    /// Resolves a pending hold; a post moves the posted amount from the held account to the accounts
    /// `credits` names for it (they must sum to the posted amount), as one entry `entryID` whose
    /// reference is `reference` (the hold's id by default).
    ///
    /// - Throws: ``LedgerError/holdNotFound`` or ``LedgerError/hold(_:)``.
    public func resolve(
        holdID: String,
        _ resolution: Hold.Resolution,
        credits: (Int64) -> [(accountID: String, amountMinor: Int64)],
        entryID: String,
        kind: String,
        reference: String? = nil,
        nowMs: Int64
    ) async throws {
        guard var hold = try await hold(id: holdID) else { throw LedgerError.holdNotFound }
        let postAmount: Int64
        do {
            postAmount = try hold.resolve(resolution, nowMs: nowMs)
        } catch let error as HoldError {
            throw LedgerError.hold(error)
        }
        let claimed = try await database.raw(
            """
            UPDATE ledger_hold SET state = \(bind: hold.state.rawValue), resolved_at_ms = \(bind: nowMs)
            WHERE hold_id = \(bind: holdID) AND state = 'pending' RETURNING hold_id
            """
        ).first()
        guard claimed != nil else { throw LedgerError.hold(.notPending(.posted)) }
        try await database.raw(
            """
            UPDATE ledger_account SET held_minor = held_minor - \(bind: hold.amountMinor), updated_at_ms = \(bind: nowMs)
            WHERE account_id = \(bind: hold.accountID)
            """
        ).run()
        guard postAmount > 0 else { return }
        let split = credits(postAmount).filter { $0.amountMinor != 0 }
        precondition(split.reduce(0) { $0 + $1.amountMinor } == postAmount, "credits sum to the posted amount")
        let entry = JournalEntry(
            postings: [.init(accountID: hold.accountID, amountMinor: -postAmount)]
                + split.map { JournalEntry.Posting(accountID: $0.accountID, amountMinor: $0.amountMinor) }
        )
        try await post(entry, entryID: entryID, kind: kind, reference: reference ?? holdID, nowMs: nowMs)
    }
}
