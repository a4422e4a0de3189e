/// Transaction hashes in the forms real chains use, for tests that credit deposits.
public enum SampleHashes {
    /// 64 random hexadecimal digits: a TRON transaction hash (prefix `0x` for ETH and BSC).
    public static func hex64() -> String {
        (0..<4).map { _ in
            let word = String(UInt64.random(in: 0...UInt64.max), radix: 16)
            return String(repeating: "0", count: 16 - word.count) + word
        }.joined()
    }
}
