import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneNetwork
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import SQLKit
import Testing

@testable import CardplaneIssuer

/// Card issuance at volume and under concurrency, through the use case the API calls.
@Suite struct CardIssuanceTests {
    struct Setup {
        var merchant: Merchant
        var cardholderNo: String
        var packageNo: String
    }

    /// A credit-extension merchant with the demo virtual package (limit `limit`) and a cardholder
    /// holding `balance` TUSDT.
    static func setUp(_ server: TestServer, limit: Int64, balance: String) async throws -> Setup {
        let merchant = try await server.onboard().merchant
        try await server.assignDemoCatalog(to: merchant)
        let packageNo = try await server.packageNo(.virtual, merchantNo: merchant.merchantNo)
        _ = try await server.services.catalog.assign(
            productNo: packageNo,
            to: merchant.merchantNo,
            issuanceLimit: limit,
            openCost: nil
        )
        let cardholderNo = try await server.approvedCardholder(merchantNo: merchant.merchantNo, uniqueNo: "VOLUME")
            .cardholderNo
        try await server.fundReserve(merchantNo: merchant.merchantNo, amount: balance)
        try await server.fundCardholder(merchantNo: merchant.merchantNo, cardholderNo: cardholderNo, amount: balance)
        return Setup(merchant: merchant, cardholderNo: cardholderNo, packageNo: packageNo)
    }

    static func apply(_ server: TestServer, _ setup: Setup, uniqueNo: String) async throws -> Card {
        let application = try CardApplication(
            cardholderNo: setup.cardholderNo,
            cardUniqueNo: uniqueNo,
            cardType: "Virtual",
            packageNo: setup.packageNo,
            cardBinNo: nil,
            address: nil,
            mode: .creditExtension
        )
        return try await server.services.cardIssuer.apply(application, merchantNo: setup.merchant.merchantNo)
    }

    /// 10,000 cards in one BIN: every PAN 16 digits, inside the BIN, Luhn-valid and unique, and so
    /// is its keyed digest; the vault opens each one. (SQLite: the volume is the point, not the engine.)
    @Test func tenThousandCardsInOneBINHaveUniqueLuhnValidNumbers() async throws {
        try await TestServer.with(.sqlite) { server in
            let count = 10_000
            let setup = try await Self.setUp(server, limit: Int64(count), balance: "50000.00")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        for index in stride(from: worker, to: count, by: 4) {
                            _ = try await Self.apply(server, setup, uniqueNo: "BULK_\(index)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let rows = try await server.store.withConnection { database in
                try await database.raw("SELECT card_no, pan_digest, sealed_pan FROM card_secret").all()
            }
            #expect(rows.count == count)
            let vault = try await server.services.vaultKeys.vault()
            var pans = Set<String>()
            var digests = Set<String>()
            for row in rows {
                let cardNo = try row.decode(column: "card_no", as: String.self)
                let sealed = try row.decode(column: "sealed_pan", as: String.self)
                let pan = try vault.open(sealed, field: .pan, cardNo: cardNo).reveal()
                #expect(pan.count == 16 && pan.hasPrefix("411111") && PrimaryAccountNumber.luhnValid(pan))
                pans.insert(pan)
                digests.insert(try row.decode(column: "pan_digest", as: String.self))
            }
            #expect(pans.count == count && digests.count == count)
            let account = try await server.services.accounts.account(
                cardholderNo: setup.cardholderNo,
                merchantNo: setup.merchant.merchantNo
            )
            #expect(account.balanceMinor == 0, "10,000 issuance fees of 5.00 took the 50,000.00")
            #expect(try await server.verifyLedger().isClean)
        }
    }

    /// Concurrent applications never pass the issuance limit or the balance, and every card
    /// issued paid its fee once.
    @Test(arguments: StoreKind.available)
    func concurrentApplicationsRespectTheLimitAndTheBalance(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await Self.setUp(server, limit: 8, balance: "30.00")
            let codes = await withTaskGroup(of: ErrorCode?.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        do {
                            _ = try await Self.apply(server, setup, uniqueNo: "RACE_\(index)")
                            return nil
                        } catch let error as CardplaneError {
                            return error.code
                        } catch {
                            return .systemError
                        }
                    }
                }
                return await group.reduce(into: [ErrorCode?]()) { $0.append($1) }
            }
            let issued = codes.filter { $0 == nil }.count
            #expect(issued == 6, "30.00 pays six fees of 5.00: \(codes)")
            #expect(
                Set(codes.compactMap { $0 }).isSubset(of: [.accountBalanceInsufficient, .cardIssuanceLimitReached])
            )
            let account = try await server.services.accounts.account(
                cardholderNo: setup.cardholderNo,
                merchantNo: setup.merchant.merchantNo
            )
            #expect(account.balanceMinor == 0 && account.heldMinor == 0)
            let assignment = try await server.services.catalog.assignments(merchantNo: setup.merchant.merchantNo)
                .first { $0.productNo == setup.packageNo }
            #expect(assignment?.issuedCount == 6, "refused applications gave their unit back")
            #expect(try await server.verifyLedger().isClean)
        }
    }

    /// A data key added by another process is picked up when a value sealed with it is met.
    @Test(arguments: StoreKind.available)
    func aRotatedDataKeyIsUsedAndOldCardsStillOpen(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyRing = KeyRing.generate()
            let clock = TestClock()
            let (setup, oldCard) = try await TestServer.with(database: database, keyRing: keyRing, clock: clock) {
                server in
                let setup = try await Self.setUp(server, limit: 10, balance: "100.00")
                try await server.administration.setPCIDisplay(true, merchantNo: setup.merchant.merchantNo)
                return (setup, try await Self.apply(server, setup, uniqueNo: "BEFORE").cardNo)
            }
            try await TestServer.with(database: database, keyRing: keyRing, clock: clock) { server in
                _ = try await server.services.vaultKeys.vault()  // this process has loaded data-1
                clock.advance(byMs: 1_000)
                let newKey = try await CardVaultKeys(store: server.store, masterKeys: keyRing, clock: clock)
                    .rotateDataKey()
                // Another process, started after the rotation, seals its cards with the new key.
                let newCard = try await TestServer.with(database: database, keyRing: keyRing, clock: clock) { other in
                    try await Self.apply(other, setup, uniqueNo: "AFTER").cardNo
                }
                let sealed = try await server.store.withConnection {
                    try await CardSecretRecords($0).sealed(cardNo: newCard)
                }
                #expect(sealed?.pan?.hasPrefix("v1.\(newKey).") == true)
                for cardNo in [oldCard, newCard] {
                    let info = try await server.services.cards.privateInfo(
                        cardNo: cardNo,
                        merchantNo: setup.merchant.merchantNo
                    )
                    #expect(!info.isEmpty, "the old card opens with data-1, the new one after a reload")
                }
                #expect(try await server.services.vaultKeys.vault().activeDataKeyID == newKey)
            }
        }
    }
}

/// A provider that takes the card and never answers, even when cancelled: a process that died
/// mid-call, as far as the database can tell. ``end()`` lets the stuck calls fail at the end of a
/// test, so no task or continuation outlives it.
struct SilentCardProvider: CardProvider {
    actor Silence {
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func wait() async {
            await withCheckedContinuation { waiting.append($0) }
        }

        func end() {
            for call in waiting { call.resume() }
            waiting = []
        }
    }

    let silence = Silence()

    func issue(_ request: ProviderIssueRequest) async throws -> String {
        await silence.wait()
        throw CardProviderError(operation: "issue", reason: "the provider went away")
    }

    func end() async { await silence.end() }

    func changeStatus(reference: String, to status: CardStatus) async throws {}
    func activate(reference: String) async throws {}
    func setPIN(reference: String, pinBlock: Sensitive<String>) async throws {}
}

@Suite struct AbandonedApplicationTests {
    /// An application whose provider never answered is failed after the timeout and grace: the
    /// fee hold is voided, the limit unit comes back, and nothing stays held.
    @Test(arguments: StoreKind.available)
    func anUnansweredApplicationIsFailedAndItsFeeReleased(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let (keyRing, clock, provider) = (KeyRing.generate(), TestClock(), SilentCardProvider())
            let (setup, lost) = try await TestServer.with(
                database: database,
                keyRing: keyRing,
                clock: clock,
                cardProvider: provider
            ) { server in
                let setup = try await CardIssuanceTests.setUp(server, limit: 1, balance: "20.00")
                let lost = Task { _ = try? await CardIssuanceTests.apply(server, setup, uniqueNo: "LOST") }
                for _ in 0..<100 where try await server.services.cards.cards(cardholderNo: setup.cardholderNo).isEmpty {
                    try await Task.sleep(for: .milliseconds(20))
                }
                let held = try await server.services.accounts.account(
                    cardholderNo: setup.cardholderNo,
                    merchantNo: setup.merchant.merchantNo
                ).heldMinor
                #expect(held == 500, "the issuance fee is held while the provider is silent")
                return (setup, lost)
            }
            try await TestServer.with(database: database, keyRing: keyRing, clock: clock) { server in
                #expect(try await server.services.cardIssuer.failAbandonedApplications() == 0, "not yet")
                clock.advance(byMs: Limits.cardProviderTimeoutDefaultMs + Limits.issuanceHoldGraceMs + 1)
                #expect(try await server.services.cardIssuer.failAbandonedApplications() == 1)
                let cards = try await server.services.cards.cards(cardholderNo: setup.cardholderNo)
                #expect(cards.map(\.status) == [.fail])
                let account = try await server.services.accounts.account(
                    cardholderNo: setup.cardholderNo,
                    merchantNo: setup.merchant.merchantNo
                )
                #expect(account.balanceMinor == 2_000 && account.heldMinor == 0)
                _ = try await CardIssuanceTests.apply(server, setup, uniqueNo: "AGAIN")
                #expect(try await server.verifyLedger().isClean, "the limit unit came back: the retry issued")
            }
            // The first server is gone; its stuck call now fails against a closed store and ends.
            await provider.end()
            await lost.value
        }
    }
}

/// An adapter's error that echoes the card it was given, as a careless provider adapter's might.
struct EchoError: Error, CustomStringConvertible {
    var pan: String
    var description: String { "refused card \(pan)" }
}

@Suite struct ProviderFailureLogTests {
    @Test func aProviderErrorReachesTheLogByItsTypeOnly() {
        let leaky = EchoError(pan: "4111111111111111")
        #expect(!ProviderFailure.loggable(leaky).contains("4111"))
        #expect(ProviderFailure.loggable(leaky).hasSuffix("EchoError"))
        let ours = CardProviderError(operation: "issue", reason: "simulated refusal")
        #expect(ProviderFailure.loggable(ours) == "card provider refused issue: simulated refusal")
    }
}
