import CardplaneCore
import Crypto
import CryptoExtras

/// Console passwords at rest: scrypt with a random salt, stored as
/// `scrypt$<log2 N>$<r>$<p>$<salt hex>$<hash hex>` so the cost can rise without breaking the
/// passwords already stored. A guess costs 32 MiB and tens of milliseconds.
public enum OperatorPassword {
    /// The cost of a hash: N = 2^15, r = 8, p = 1 (32 MiB) for new ones, OWASP's second scrypt
    /// setting; stored ones keep theirs.
    public struct Cost: Sendable, Equatable {
        public var log2Rounds: Int
        public var blockSize: Int
        public var parallelism: Int

        public init(log2Rounds: Int, blockSize: Int, parallelism: Int) {
            self.log2Rounds = log2Rounds
            self.blockSize = blockSize
            self.parallelism = parallelism
        }

        public static let standard = Cost(log2Rounds: 15, blockSize: 8, parallelism: 1)
    }

    /// Shortest password a console account accepts.
    public static let minimumLength = 12

    /// The stored form of `password`, with a new random salt.
    public static func hash(_ password: Sensitive<String>, cost: Cost = .standard) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let derived = try derive(password, salt: salt, cost: cost)
        return ["scrypt", "\(cost.log2Rounds)", "\(cost.blockSize)", "\(cost.parallelism)", salt.hexString, derived]
            .joined(separator: "$")
    }

    /// Whether `password` is the one `stored` was made from; the hashes are compared in constant
    /// time. A stored form this release cannot read matches nothing.
    public static func matches(_ password: Sensitive<String>, stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt",
            let log2Rounds = Int(parts[1]), (10...20).contains(log2Rounds),
            let blockSize = Int(parts[2]), (1...16).contains(blockSize),
            let parallelism = Int(parts[3]), (1...4).contains(parallelism),
            let salt = bytes(hex: parts[4]),
            let derived = try? derive(
                password,
                salt: salt,
                cost: Cost(log2Rounds: log2Rounds, blockSize: blockSize, parallelism: parallelism)
            )
        else { return false }
        return ConstantTime.equals(Array(derived.utf8), Array(parts[5].utf8))
    }

    /// A new password for an account, 20 letters and digits (~119 bits), shown once.
    public static func generate() -> Sensitive<String> {
        Sensitive(CredentialGenerator.randomString(count: 20))
    }

    private static func derive(_ password: Sensitive<String>, salt: [UInt8], cost: Cost) throws -> String {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.reveal().utf8),
            salt: salt,
            outputByteCount: 32,
            rounds: 1 << cost.log2Rounds,
            blockSize: cost.blockSize,
            parallelism: cost.parallelism
        )
        return key.withUnsafeBytes { Array($0) }.hexString
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2), !digits.isEmpty else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return bytes
    }
}
