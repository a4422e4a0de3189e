import CardplaneCore
import Testing

@Suite struct JournalEntryTests {
    @Test func transfersDebitOneAccountAndCreditAnother() {
        let entry = JournalEntry.transfer(from: "b", to: "a", amountMinor: 150)
        #expect(entry.postings.map(\.amountMinor) == [-150, 150])
        #expect(entry.postings.reduce(0) { $0 + $1.amountMinor } == 0)
        #expect(entry.postingsInLockOrder.map(\.accountID) == ["a", "b"])
    }

    /// Postings of any entry built from random legs always sum to zero.
    @Test func randomEntriesBalance() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let legs = Int.random(in: 1...5, using: &generator)
            var postings: [JournalEntry.Posting] = []
            var sum: Int64 = 0
            for leg in 0..<legs {
                let amount = Int64.random(in: 1...1_000_000, using: &generator)
                postings.append(.init(accountID: "credit-\(leg)", amountMinor: amount))
                sum += amount
            }
            postings.append(.init(accountID: "debit", amountMinor: -sum))
            let entry = JournalEntry(postings: postings)
            #expect(entry.postings.reduce(0) { $0 + $1.amountMinor } == 0)
        }
    }

    @Test func accountIdentifiers() {
        #expect(LedgerAccount.id(of: .merchant("M1"), currency: "TUSDT") == "merchant:M1:TUSDT")
        #expect(LedgerAccount.Owner.platform("deposits:USDT:TRON").allowsNegative)
        #expect(!LedgerAccount.Owner.cardholder("U1").allowsNegative)
    }
}

/// Two-phase holds as a table: each row is a hold, a resolution and the expected outcome.
@Suite struct HoldTests {
    static let expiry: Int64 = 1_000

    @Test(
        arguments: [
            (
                Hold.State.pending, Hold.Resolution.post(amountMinor: 500), Int64(10),
                Result<Int64, HoldError>.success(500)
            ),
            (.pending, .post(amountMinor: 300), 10, .success(300)),
            (.pending, .post(amountMinor: 501), 10, .failure(.postExceedsHold)),
            (.pending, .post(amountMinor: 0), 10, .failure(.postExceedsHold)),
            (.pending, .post(amountMinor: 100), 1_000, .failure(.expired)),
            (.pending, .void, 10, .success(0)),
            (.pending, .expire, 999, .failure(.notYetExpired)),
            (.pending, .expire, 1_000, .success(0)),
            (.posted, .post(amountMinor: 1), 10, .failure(.notPending(.posted))),
            (.posted, .void, 10, .failure(.notPending(.posted))),
            (.voided, .post(amountMinor: 1), 10, .failure(.notPending(.voided))),
            (.expired, .void, 2_000, .failure(.notPending(.expired))),
        ] as [(Hold.State, Hold.Resolution, Int64, Result<Int64, HoldError>)]
    )
    func resolution(
        _ state: Hold.State,
        _ resolution: Hold.Resolution,
        _ nowMs: Int64,
        _ expected: Result<Int64, HoldError>
    ) {
        var hold = Hold(holdID: "h", accountID: "a", amountMinor: 500, state: state, expiresAtMs: Self.expiry)
        let result = Result { try hold.resolve(resolution, nowMs: nowMs) }.mapError { $0 as! HoldError }
        #expect(result == expected)
    }
}

@Suite struct TransferRequestTests {
    static func make(
        _ cardholderNo: String? = "U1",
        _ uniqueNo: String? = "T1",
        _ type: String? = "In",
        _ balance: TransferRequest.BalanceField = .string("1.00")
    ) throws -> TransferRequest {
        try TransferRequest(
            cardholderNo: cardholderNo,
            transferUniqueNo: uniqueNo,
            type: type,
            balance: balance,
            currency: .tusdt
        )
    }

    @Test func acceptsTheSpecExampleAndAnyCaseOfType() throws {
        #expect(try Self.make(type: "In").type == .transferIn)
        #expect(try Self.make(type: "out").type == .transferOut)
        #expect(try Self.make(balance: .string("100.00")).amount.minorUnits == 10_000)
        #expect(try Self.make(balance: .string("7")).amount.minorUnits == 700)
    }

    @Test(
        arguments: [
            ("missing cardholder", CardplaneError.invalidParameter("cardholder_no")),
            ("missing unique no", .invalidParameter("transfer_unique_no")),
            ("long unique no", .invalidParameter("transfer_unique_no")),
            ("missing type", .invalidParameter("type")),
            ("bad type", CardplaneError(.transferTypeInvalid)),
            ("missing balance", .invalidParameter("balance")),
            ("number balance", CardplaneError(.transferAmountInvalid)),
        ] as [(String, CardplaneError)]
    )
    func fieldErrors(_ name: String, _ expected: CardplaneError) {
        #expect(throws: expected) {
            switch name {
            case "missing cardholder": _ = try Self.make(nil)
            case "missing unique no": _ = try Self.make("U1", nil)
            case "long unique no": _ = try Self.make("U1", String(repeating: "x", count: 65))
            case "missing type": _ = try Self.make(type: nil)
            case "bad type": _ = try Self.make(type: "Sideways")
            case "missing balance": _ = try Self.make(balance: .missing)
            default: _ = try Self.make(balance: .notAString)
            }
        }
    }

    @Test(arguments: ["0", "0.00", "-1.00", "1.005", "1e2", "", " 1.00", "1,00", "abc", "100000000000000000000"])
    func badAmountsAre3005(_ text: String) {
        #expect(throws: CardplaneError(.transferAmountInvalid)) { try Self.make(balance: .string(text)) }
    }
}

extension TransferRequestTests {
    fileprivate static func make(type: String?) throws -> TransferRequest { try make("U1", "T1", type) }
    fileprivate static func make(balance: TransferRequest.BalanceField) throws -> TransferRequest {
        try make("U1", "T1", "In", balance)
    }
}

@Suite struct DepositAssetsTests {
    @Test func standardAssets() throws {
        try DepositAssets.standard.validate(currency: "USDT", chain: "TRON")
        try DepositAssets.standard.validate(currency: "usdc", chain: "sol")
        #expect(throws: CardplaneError(.currencyNotSupported)) {
            try DepositAssets.standard.validate(currency: "DAI", chain: "ETH")
        }
        #expect(throws: CardplaneError(.currencyChainMismatch)) {
            try DepositAssets.standard.validate(currency: "USDC", chain: "TRON")
        }
    }

    @Test func configurationText() throws {
        let assets = try #require(DepositAssets(configuration: "USDT:TRON;EURC:ETH,BASE"))
        #expect(assets.chainsByCurrency == ["USDT": ["TRON"], "EURC": ["ETH", "BASE"]])
        #expect(DepositAssets(configuration: "USDT") == nil)
        #expect(DepositAssets(configuration: "") == nil)
    }
}
