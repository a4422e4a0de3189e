import CardplaneCore
import Testing

/// Entries of a batch are checked one after another against what the earlier ones left.
@Suite struct LedgerBatchTests {
    static func batch(_ balances: [String: Int64], held: [String: Int64] = [:], platform: String? = nil) -> LedgerBatch
    {
        LedgerBatch(
            balances: balances.reduce(into: [:]) { result, account in
                result[account.key] = LedgerBatch.Balance(
                    balanceMinor: account.value,
                    heldMinor: held[account.key] ?? 0,
                    allowsNegative: account.key == platform
                )
            }
        )
    }

    @Test func eachEntrySeesTheBalancesTheOnesBeforeItLeft() throws {
        var batch = Self.batch(["reserve": 100, "alice": 0, "bob": 0])
        let first = try batch.post(.transfer(from: "reserve", to: "alice", amountMinor: 60))
        #expect(first == ["reserve": 40, "alice": 60])
        #expect(throws: LedgerBatch.InsufficientFunds(accountID: "reserve")) {
            try batch.post(.transfer(from: "reserve", to: "bob", amountMinor: 41))
        }
        let third = try batch.post(.transfer(from: "reserve", to: "bob", amountMinor: 40))
        #expect(third == ["reserve": 0, "bob": 40])
        #expect(batch.balances["reserve"]?.balanceMinor == 0)
        #expect(batch.changes.map(\.accountID) == ["alice", "bob", "reserve"])
        #expect(batch.changes.map(\.deltaMinor) == [60, 40, -100])
    }

    @Test func aRefusedEntryLeavesEveryBalanceAsItWas() {
        var batch = Self.batch(["a": 10, "b": 5])
        let before = batch.balances
        #expect(throws: LedgerBatch.InsufficientFunds(accountID: "a")) {
            try batch.post(.transfer(from: "a", to: "b", amountMinor: 11))
        }
        #expect(batch.balances == before)
        #expect(batch.changes.isEmpty)
    }

    @Test func heldMoneyIsNotAvailable() throws {
        var batch = Self.batch(["a": 100, "b": 0], held: ["a": 70])
        #expect(throws: LedgerBatch.InsufficientFunds(accountID: "a")) {
            try batch.post(.transfer(from: "a", to: "b", amountMinor: 31))
        }
        // What is left to spend: 100 posted − 30 moved − 70 held.
        #expect(try batch.post(.transfer(from: "a", to: "b", amountMinor: 30)) == ["a": 0, "b": 30])
        #expect(batch.balances["a"]?.balanceMinor == 70 && batch.balances["a"]?.heldMinor == 70)
    }

    @Test func onlyAnAccountThatMayGoNegativeDoes() throws {
        var batch = Self.batch(["platform": 0, "merchant": 0], platform: "platform")
        #expect(try batch.post(.transfer(from: "platform", to: "merchant", amountMinor: 500))["platform"] == -500)
        #expect(throws: LedgerBatch.InsufficientFunds(accountID: "merchant")) {
            try batch.post(.transfer(from: "merchant", to: "platform", amountMinor: 501))
        }
    }

    @Test func movesThatCancelOutLeaveNoChange() throws {
        var batch = Self.batch(["a": 10, "b": 10])
        _ = try batch.post(.transfer(from: "a", to: "b", amountMinor: 3))
        _ = try batch.post(.transfer(from: "b", to: "a", amountMinor: 3))
        #expect(batch.changes.isEmpty)
    }

    /// Random batches never create or lose money and never take a guarded account below zero.
    @Test func randomBatchesConserveMoney() {
        var generator = SystemRandomNumberGenerator()
        let accounts = ["a", "b", "c", "d"]
        for _ in 0..<200 {
            var batch = Self.batch(["a": 50, "b": 50, "c": 0, "d": 0])
            for _ in 0..<20 {
                let pair = accounts.shuffled(using: &generator).prefix(2)
                _ = try? batch.post(
                    .transfer(
                        from: pair.first!,
                        to: pair.last!,
                        amountMinor: Int64.random(in: 1...40, using: &generator)
                    )
                )
            }
            #expect(batch.balances.values.reduce(0) { $0 + $1.balanceMinor } == 100)
            #expect(batch.balances.values.allSatisfy { $0.balanceMinor >= 0 })
            #expect(batch.changes.reduce(0) { $0 + $1.deltaMinor } == 0)
        }
    }
}
