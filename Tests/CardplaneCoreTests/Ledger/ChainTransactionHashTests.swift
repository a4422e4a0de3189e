import CardplaneCore
import Testing

/// Deposit hashes are checked for their chain's form and keyed in one canonical form.
@Suite struct ChainTransactionHashTests {
    static let hex = "0b69113a3f0d50a891e89802aa3e0756b426ab9d640238316e1b56f5d35c1792"
    /// A base58 signature of 64 random bytes, as Solana writes them.
    static let solana = "73m4WznZ3tdLpvcZABo62fH7izkLwPtaQj8mTdXdyhsCcnTS8inZP3ZcRB7X8MMiX995vxxojSmy49fb38K9YGT"

    @Test func tronTakesSixtyFourHexDigitsInAnyCase() {
        #expect(ChainTransactionHash(Self.hex, chain: "TRON")?.canonical == Self.hex)
        #expect(ChainTransactionHash(" \(Self.hex.uppercased())\n", chain: "tron")?.canonical == Self.hex)
    }

    @Test(arguments: ["", "abc", "0x" + hex, String(hex.dropLast()), hex + "0", String(hex.dropLast()) + "g"])
    func tronRefuses(_ text: String) {
        #expect(ChainTransactionHash(text, chain: "TRON") == nil)
    }

    @Test(arguments: ["ETH", "BSC"])
    func evmChainsTakeZeroXAndSixtyFourHexDigits(_ chain: String) {
        #expect(ChainTransactionHash("0x" + Self.hex, chain: chain)?.canonical == Self.hex)
        #expect(ChainTransactionHash("0X" + Self.hex.uppercased(), chain: chain)?.canonical == Self.hex)
        #expect(ChainTransactionHash(Self.hex, chain: chain) == nil, "the 0x prefix is part of the form")
        #expect(ChainTransactionHash("0x" + Self.hex.dropLast(), chain: chain) == nil)
    }

    /// The README once showed `0xabc…` with a Unicode ellipsis; no chain takes it.
    @Test(arguments: ["TRON", "ETH", "BSC", "SOL", "POLYGON"])
    func anEllipsisIsNeverAHash(_ chain: String) {
        #expect(ChainTransactionHash("0xabc…", chain: chain) == nil)
        #expect(ChainTransactionHash("0x" + Self.hex.prefix(60) + "…", chain: chain) == nil)
    }

    @Test func solanaTakesBase58SignaturesOfSixtyFourBytesAsTyped() {
        #expect(ChainTransactionHash(Self.solana, chain: "SOL")?.canonical == Self.solana)
        // 64 bytes with a leading zero byte: one '1', then 86 characters.
        let leadingZero = "1xu7HfLJmuKEbfqmLjKijJoGZHEDRsWhcih2NZynnfSJwqMgahitahE4sFbkHhRT93rytnntURY7Tn8nZkWBgw"
        #expect(ChainTransactionHash(leadingZero, chain: "SOL") != nil)
        // 63 bytes is not a signature, though it looks like one.
        let short = "SK4yKCQoWcwT9BwxN8QPkhLTMciubdxYhLRnKyxfaGxbrqk4s8ozCkv3ebbguwLyxSgavhrJuFGTRDNGgSVYts"
        #expect(ChainTransactionHash(short, chain: "SOL") == nil)
        #expect(ChainTransactionHash(Self.solana.lowercased(), chain: "SOL")?.canonical != Self.solana)
        #expect(ChainTransactionHash(Self.solana.withFirstCharacterO, chain: "SOL") == nil, "0, O, I, l are not base58")
        #expect(ChainTransactionHash(Self.hex, chain: "SOL") == nil)
    }

    @Test func otherChainsTakePlainASCIIIdentifiers() {
        #expect(ChainTransactionHash("tx-42:7_a", chain: "POLYGON")?.canonical == "tx-42:7_a")
        #expect(ChainTransactionHash(String(repeating: "a", count: Limits.transactionHashLengthMax), chain: "X") != nil)
        #expect(
            ChainTransactionHash(String(repeating: "a", count: Limits.transactionHashLengthMax + 1), chain: "X") == nil
        )
        #expect(ChainTransactionHash("two words", chain: "X") == nil)
        #expect(ChainTransactionHash("é", chain: "X") == nil)
    }

    @Test func theExpectedFormIsNamedPerChain() {
        #expect(ChainTransactionHash.expectedForm(chain: "TRON") == "TRON transaction hashes are 64 hexadecimal digits")
        #expect(ChainTransactionHash.expectedForm(chain: "bsc").hasPrefix("BSC transaction hashes are 0x followed"))
        #expect(ChainTransactionHash.expectedForm(chain: "SOL").contains("base58"))
    }
}

extension String {
    fileprivate var withFirstCharacterO: String { "O" + dropFirst() }
}
