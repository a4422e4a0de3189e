import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import Testing

/// The console's cardholders, cards and ledger: found by number, personal data masked, a card
/// frozen and unfrozen by an admin, an account's postings, `ledger verify` run from the page.
@Suite struct ConsoleHoldersTests {
    @Test(arguments: StoreKind.available)
    func aCardholdersCardsAreFrozenAndUnfrozen(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            try await ConsoleTests.accounts(server)
            let setup = try await CardTests.setUp(server)
            let cardNo = try await CardTests.issue(server, setup, uniqueNo: "HOLDERS")
            let holder = try #require(
                try await server.store.withReader { try await CardholderRecords($0).cardholder(no: setup.cardholderNo) }
            )
            try await server.withConsole { console in
                try await console.signIn(name: "alice", password: ConsoleTests.adminPassword)
                let found = try await console.get("/console/cardholders?q=\(setup.cardholderNo)")
                #expect(found.status == 303 && found.location == "/console/cardholders/\(setup.cardholderNo)")
                let page = try await console.get(try #require(found.location))
                #expect(page.status == 200 && page.body.contains(#"<dd id="kyc-status">Approved"#))
                if let email = holder.email {
                    #expect(!page.body.contains(email) && page.body.contains("\(email.prefix(1))***@"), "masked")
                }
                #expect(page.body.contains("freeze-\(cardNo)") && !page.body.contains("unfreeze-\(cardNo)"))

                let frozen = try await console.post(
                    "/console/cards/\(cardNo)/freeze",
                    form: ["csrf": try await console.csrf()]
                )
                #expect(
                    frozen.status == 303 && frozen.location == "/console/cardholders/\(setup.cardholderNo)?done=freeze"
                )
                #expect(
                    try await server.services.cards.requireCard(no: cardNo, merchantNo: setup.merchantNo).status
                        == .frozen
                )
                let again = try await console.post(
                    "/console/cards/\(cardNo)/freeze",
                    form: ["csrf": try await console.csrf()]
                )
                #expect(again.status == 400 && again.body.contains("4005"), "a frozen card cannot be frozen")

                let listed = try await console.get("/console/cards?status=Frozen")
                #expect(listed.body.contains("unfreeze-\(cardNo)") && listed.body.contains(cardNo))
                #expect(
                    try await console.post(
                        "/console/cards/\(cardNo)/unfreeze",
                        form: ["csrf": try await console.csrf()]
                    ).status == 303
                )
                #expect(
                    try await server.services.cards.requireCard(no: cardNo, merchantNo: setup.merchantNo).status
                        == .activated
                )
            }
            let audit = try await server.services.audit.list(.init(actionPrefix: "console card"), limit: 5)
            #expect(
                audit.map(\.action).sorted() == ["console card freeze", "console card freeze", "console card unfreeze"]
            )
            #expect(audit.filter { $0.outcome == "failed: 4005" }.count == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func theLedgerPagesAnAccountAndVerifies(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            try await ConsoleTests.accounts(server)
            let setup = try await CardTests.setUp(server)
            try await server.fundCardholder(
                merchantNo: setup.merchantNo,
                cardholderNo: setup.cardholderNo,
                amount: "12.34"
            )
            let accountID = "cardholder:\(setup.cardholderNo):TUSDT"
            try await server.withConsole { console in
                try await console.signIn(name: "alice", password: ConsoleTests.adminPassword)
                let ledger = try await console.get("/console/ledger?owner=cardholder")
                #expect(ledger.body.contains(accountID) && !ledger.body.contains("merchant:\(setup.merchantNo)"))
                let account = try await console.get("/console/ledger/account?id=\(accountID)")
                #expect(account.status == 200 && account.body.contains("12.34 TUSDT"))
                let verified = try await console.post(
                    "/console/ledger/verify",
                    form: ["csrf": try await console.csrf()]
                )
                #expect(verified.status == 200 && verified.body.contains(#"<dd id="verify-result">clean</dd>"#))
                let overview = try await console.get("/console")
                #expect(overview.body.contains("Reserve balances over 24 h") && overview.body.contains("<polyline"))
            }
            try await server.withConsole { viewer in
                try await viewer.signIn(name: "victor", password: ConsoleTests.viewerPassword)
                #expect(!(try await viewer.get("/console/ledger").body.contains("verify-ledger")))
                #expect(
                    try await viewer.post("/console/ledger/verify", form: ["csrf": try await viewer.csrf()]).status
                        == 403
                )
            }
        }
    }
}
