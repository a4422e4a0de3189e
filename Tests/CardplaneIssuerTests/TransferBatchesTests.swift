import CardplaneApp
import CardplaneCore
import CardplaneStore
import CardplaneTesting
import SQLKit
import Testing

@testable import CardplaneIssuer

/// One batch of transfers: one transaction, each transfer checked in order against what the ones
/// before it left, a refused one refusing only itself.
@Suite struct TransferBatchesTests {
    static func order(
        _ merchantNo: String,
        _ cardholderNo: String,
        _ uniqueNo: String,
        _ type: String,
        _ amount: String
    )
        throws -> TransferBatches.Order
    {
        let request = try TransferConcurrencyTests.request(cardholderNo, uniqueNo, type, amount)
        return TransferBatches.Order(request: request, merchantNo: merchantNo)
    }

    static func codes(_ outcomes: [TransferBatches.Outcome]) -> [ErrorCode?] {
        outcomes.map { outcome in
            switch outcome {
            case .success: return nil
            case .failure(let error): return (error as? CardplaneError)?.code ?? .systemError
            }
        }
    }

    static func entryCount(_ server: TestServer) async throws -> Int {
        try await server.store.withReader { database in
            try await database.raw("SELECT COUNT(*) AS n FROM ledger_entry WHERE kind = 'transfer'").first()!
                .decode(column: "n", as: Int.self)
        }
    }

    @Test(arguments: StoreKind.available)
    func aBatchChecksEachTransferAgainstTheOnesBeforeIt(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let merchantNo = try await server.onboard().merchant.merchantNo
            let alice = try await server.approvedCardholder(merchantNo: merchantNo, uniqueNo: "ALICE").cardholderNo
            let bob = try await server.approvedCardholder(merchantNo: merchantNo, uniqueNo: "BOB").cardholderNo
            try await server.fundReserve(merchantNo: merchantNo, amount: "100.00")
            let entriesBefore = try await Self.entryCount(server)
            let orders = [
                try Self.order(merchantNo, alice, "r1", "In", "60.00"),
                try Self.order(merchantNo, bob, "r2", "In", "50.00"),  // the reserve has 40 left: 3007
                try Self.order(merchantNo, bob, "r2", "In", "40.00"),  // r2 was refused, so still free
                try Self.order(merchantNo, alice, "r1", "In", "1.00"),  // r1 was used above: 3004
                try Self.order(merchantNo, alice, "r3", "Out", "60.01"),  // alice holds 60.00: 3002
                try Self.order(merchantNo, alice, "r4", "Out", "10.00"),
            ]
            let outcomes = try await TransferBatches.commitTogether(orders, store: server.store, clock: server.clock)
            #expect(
                Self.codes(outcomes) == [
                    nil, .merchantBalanceInsufficient, nil, .transferUniqueNoExists, .cardholderBalanceInsufficient,
                    nil,
                ]
            )
            let recorded = outcomes.compactMap { try? $0.get() }
            #expect(recorded.map(\.afterBalanceMinor) == [6_000, 4_000, 5_000])
            #expect(recorded.map(\.beforeBalanceMinor) == [0, 0, 6_000])
            #expect(try await Self.entryCount(server) - entriesBefore == 3)
            #expect(try await server.services.treasury.reserve(merchantNo: merchantNo).balanceMinor == 1_000)
            let report = try await server.verifyLedger()
            #expect(report.isClean, "\(report)")
        }
    }

    /// An `In` and an `Out` of one amount for one cardholder in one batch leave every balance where it
    /// was, yet both are recorded with their entries.
    @Test(arguments: StoreKind.available)
    func transfersThatCancelOutAreBothRecorded(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let merchantNo = try await server.onboard().merchant.merchantNo
            let alice = try await server.approvedCardholder(merchantNo: merchantNo, uniqueNo: "ALICE").cardholderNo
            try await server.fundReserve(merchantNo: merchantNo, amount: "10.00")
            try await server.fundCardholder(merchantNo: merchantNo, cardholderNo: alice, amount: "5.00")
            let entriesBefore = try await Self.entryCount(server)
            let orders = [
                try Self.order(merchantNo, alice, "in", "In", "1.00"),
                try Self.order(merchantNo, alice, "out", "Out", "1.00"),
            ]
            let outcomes = try await TransferBatches.commitTogether(orders, store: server.store, clock: server.clock)
            #expect(Self.codes(outcomes) == [nil, nil])
            #expect(outcomes.compactMap { try? $0.get().afterBalanceMinor } == [600, 500])
            #expect(try await Self.entryCount(server) - entriesBefore == 2)
            let report = try await server.verifyLedger()
            #expect(report.isClean, "\(report)")
        }
    }

    /// A transfer to an unknown cardholder, or to another merchant's, is 2002 within the batch and
    /// touches no account; the rest of the batch commits.
    @Test(arguments: StoreKind.available)
    func cardholdersAreCheckedInTheBatch(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let merchantNo = try await server.onboard().merchant.merchantNo
            let other = try await server.onboard().merchant.merchantNo
            let alice = try await server.approvedCardholder(merchantNo: merchantNo, uniqueNo: "ALICE").cardholderNo
            let stranger = try await server.approvedCardholder(merchantNo: other, uniqueNo: "STRANGER").cardholderNo
            try await server.fundReserve(merchantNo: merchantNo, amount: "10.00")
            let orders = [
                try Self.order(merchantNo, alice, "ok-1", "In", "1.00"),
                try Self.order(merchantNo, "C_NOBODY", "ghost", "In", "1.00"),
                try Self.order(merchantNo, stranger, "stranger", "In", "1.00"),
                try Self.order(merchantNo, alice, "ok-2", "In", "1.00"),
            ]
            let outcomes = try await TransferBatches.commitTogether(orders, store: server.store, clock: server.clock)
            #expect(Self.codes(outcomes) == [nil, .cardholderNotFound, .cardholderNotFound, nil])
            let accounts = try await server.store.withReader { database in
                try await database.raw("SELECT COUNT(*) AS n FROM ledger_account WHERE owner_type = 'cardholder'")
                    .first()!.decode(column: "n", as: Int.self)
            }
            #expect(accounts == 1, "no account opened for a refused cardholder")
            #expect(try await server.services.treasury.reserve(merchantNo: merchantNo).balanceMinor == 800)
        }
    }

    /// An order whose statement fails (here a trigger refuses its reference) fails alone; the others
    /// of its batch commit.
    @Test(arguments: StoreKind.available)
    func aFailingOrderFailsAloneAndTheRestCommit(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let merchantNo = try await server.onboard().merchant.merchantNo
            let alice = try await server.approvedCardholder(merchantNo: merchantNo, uniqueNo: "ALICE").cardholderNo
            try await server.fundReserve(merchantNo: merchantNo, amount: "10.00")
            try await Self.poison(server, kind)
            let orders = [
                try Self.order(merchantNo, alice, "ok-1", "In", "1.00"),
                try Self.order(merchantNo, alice, "poison", "In", "1.00"),
                try Self.order(merchantNo, alice, "ok-2", "In", "1.00"),
            ]
            await #expect(throws: (any Error).self) {
                try await TransferBatches.commitTogether(orders, store: server.store, clock: server.clock)
            }
            #expect(try await Self.entryCount(server) == 0, "the failed batch left nothing behind")
            let outcomes = await TransferBatches.commit(orders, store: server.store, clock: server.clock)
            #expect(Self.codes(outcomes) == [nil, .systemError, nil])
            #expect(try await server.services.treasury.reserve(merchantNo: merchantNo).balanceMinor == 800)
            let report = try await server.verifyLedger()
            #expect(report.isClean, "\(report)")
        }
    }

    /// A trigger that makes recording a transfer referenced `poison` fail, as a broken statement would.
    static func poison(_ server: TestServer, _ kind: StoreKind) async throws {
        let statements: [SQLQueryString]
        switch kind {
        case .sqlite:
            statements = [
                """
                CREATE TRIGGER poison BEFORE INSERT ON account_transfer WHEN NEW.transfer_unique_no = 'poison'
                BEGIN SELECT RAISE(ABORT, 'poisoned'); END
                """
            ]
        case .postgres:
            statements = [
                """
                CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN
                IF NEW.transfer_unique_no = 'poison' THEN RAISE EXCEPTION 'poisoned'; END IF; RETURN NEW;
                END $$ LANGUAGE plpgsql
                """,
                "CREATE TRIGGER poison BEFORE INSERT ON account_transfer FOR EACH ROW EXECUTE FUNCTION poison()",
            ]
        }
        try await server.store.withConnection { database in
            for statement in statements { try await database.raw(statement).run() }
        }
    }
}
