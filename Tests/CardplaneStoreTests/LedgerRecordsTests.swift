import CardplaneCore
import CardplaneStore
import CardplaneTesting
import SQLKit
import Testing

@Suite struct LedgerRecordsTests {
    static let source = LedgerAccount.Owner.platform("deposits:USDT:TRON")
    static let merchant = LedgerAccount.Owner.merchant("M1")
    static let cardholder = LedgerAccount.Owner.cardholder("U1")

    static func id(_ owner: LedgerAccount.Owner) -> String { LedgerAccount.id(of: owner, currency: "TUSDT") }

    /// Accounts with `balances` (minor units), funded from the platform source.
    static func fund(_ store: Store, _ balances: [(LedgerAccount.Owner, Int64)]) async throws {
        try await store.withTransaction { database in
            let ledger = LedgerRecords(database)
            try await ledger.ensureAccount(source, currency: "TUSDT", nowMs: 1)
            for (owner, amount) in balances {
                try await ledger.ensureAccount(owner, currency: "TUSDT", nowMs: 1)
                guard amount > 0 else { continue }
                let entry = JournalEntry.transfer(from: id(source), to: id(owner), amountMinor: amount)
                try await ledger.post(entry, entryID: "fund-\(owner.number)", kind: "deposit", reference: "t", nowMs: 1)
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func postingMovesBalancesAndRefusesOverdrafts(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            try await database.withStore { store async throws in
                try await Self.fund(store, [(Self.merchant, 10_000), (Self.cardholder, 0)])
                let balances = try await store.withTransaction { database in
                    try await LedgerRecords(database).post(
                        .transfer(from: Self.id(Self.merchant), to: Self.id(Self.cardholder), amountMinor: 2_500),
                        entryID: "e1",
                        kind: "transfer",
                        reference: "r",
                        nowMs: 2
                    )
                }
                #expect(balances == [Self.id(Self.merchant): 7_500, Self.id(Self.cardholder): 2_500])
                await #expect(throws: LedgerError.insufficientFunds(accountID: Self.id(Self.cardholder))) {
                    try await store.withTransaction { database in
                        try await LedgerRecords(database).post(
                            .transfer(from: Self.id(Self.cardholder), to: Self.id(Self.merchant), amountMinor: 2_501),
                            entryID: "e2",
                            kind: "transfer",
                            reference: "r",
                            nowMs: 3
                        )
                    }
                }
                let report = try await store.withConnection { try await LedgerRecords($0).verify() }
                #expect(report.isClean && report.entries == 2 && report.postings == 4, "\(report)")
            }
        }
    }

    /// Holds as a script: place, refuse what is not available, post part, void, expire.
    @Test(arguments: StoreKind.available)
    func holdsReserveThenPostOrRelease(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            try await database.withStore { store async throws in
                try await Self.fund(store, [(Self.cardholder, 1_000), (Self.merchant, 0)])
                let account = Self.id(Self.cardholder)
                @Sendable func hold(_ id: String, _ amount: Int64) -> Hold {
                    Hold(holdID: id, accountID: account, amountMinor: amount, state: .pending, expiresAtMs: 100)
                }
                try await store.withTransaction { try await LedgerRecords($0).place(hold("h1", 600), nowMs: 10) }
                await #expect(throws: LedgerError.insufficientFunds(accountID: account)) {
                    try await store.withTransaction { try await LedgerRecords($0).place(hold("h2", 401), nowMs: 10) }
                }
                try await store.withTransaction { try await LedgerRecords($0).place(hold("h3", 400), nowMs: 10) }
                // Available is zero now: even a plain debit is refused.
                await #expect(throws: LedgerError.insufficientFunds(accountID: account)) {
                    try await store.withTransaction { database in
                        try await LedgerRecords(database).post(
                            .transfer(from: account, to: Self.id(Self.merchant), amountMinor: 1),
                            entryID: "e",
                            kind: "t",
                            reference: "r",
                            nowMs: 11
                        )
                    }
                }
                try await store.withTransaction { database in
                    let ledger = LedgerRecords(database)
                    try await ledger.resolve(
                        holdID: "h1",
                        .post(amountMinor: 450),
                        counterpartyAccountID: Self.id(Self.merchant),
                        entryID: "p1",
                        nowMs: 20
                    )
                    try await ledger.resolve(
                        holdID: "h3",
                        .expire,
                        counterpartyAccountID: Self.id(Self.merchant),
                        entryID: "x",
                        nowMs: 100
                    )
                }
                await #expect(throws: LedgerError.hold(.notPending(.posted))) {
                    try await store.withTransaction { database in
                        try await LedgerRecords(database).resolve(
                            holdID: "h1",
                            .void,
                            counterpartyAccountID: Self.id(Self.merchant),
                            entryID: "v",
                            nowMs: 30
                        )
                    }
                }
                let after = try #require(
                    try await store.withConnection { try await LedgerRecords($0).account(id: account) }
                )
                #expect(after.balanceMinor == 550 && after.heldMinor == 0)
                let report = try await store.withConnection { try await LedgerRecords($0).verify() }
                #expect(report.isClean, "\(report)")
            }
        }
    }

    /// `verify` finds a balance edited behind the ledger's back and an unbalanced entry.
    @Test(arguments: StoreKind.available)
    func verifyFindsDrift(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            try await database.withStore { store async throws in
                try await Self.fund(store, [(Self.merchant, 500)])
                try await store.withConnection { database in
                    try await database.raw(
                        "UPDATE ledger_account SET balance_minor = balance_minor + 1 WHERE owner_type = 'merchant'"
                    )
                    .run()
                    try await database.raw("UPDATE ledger_posting SET amount_minor = amount_minor + 1 WHERE line = 0")
                        .run()
                }
                let report = try await store.withConnection { try await LedgerRecords($0).verify() }
                #expect(!report.isClean)
                #expect(report.problems.contains("unbalanced entry fund-M1"))
                #expect(report.problems.contains { $0.hasPrefix("balance drift on platform:") })
                #expect(report.problems.contains("balance drift on merchant:M1:TUSDT"))
                #expect(report.balanceSum == 1)
            }
        }
    }

    /// The schema refuses an overdraft even when the code is bypassed.
    @Test(arguments: StoreKind.available)
    func schemaRefusesNegativeCustomerBalances(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            try await database.withStore { store async throws in
                try await Self.fund(store, [(Self.merchant, 500)])
                await #expect(throws: (any Error).self) {
                    try await store.withConnection { database in
                        try await database.raw(
                            "UPDATE ledger_account SET balance_minor = -1 WHERE owner_type = 'merchant'"
                        ).run()
                    }
                }
            }
        }
    }
}

/// Many transactions creating the same account at once all succeed and create it once.
@Suite struct LedgerAccountCreationTests {
    @Test(arguments: StoreKind.available)
    func concurrentEnsureAccountIsSafe(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            try await database.withStore { store async throws in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<40 {
                        group.addTask {
                            try await store.withTransaction { database in
                                try await LedgerRecords(database).ensureAccount(
                                    .cardholder("U-RACE"),
                                    currency: "TUSDT",
                                    nowMs: 1
                                )
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let count = try await store.withConnection { database in
                    try await database.raw("SELECT COUNT(*) AS n FROM ledger_account").first()?.decode(
                        column: "n",
                        as: Int64.self
                    )
                }
                #expect(count == 1)
            }
        }
    }
}
