/// Every limit of the platform in one place, with its unit in its name.
///
/// `LimitsTests` asserts how they relate, so changing one cannot silently break another.
public enum Limits {
    /// Longest identifier an audit record keeps of a request's object (longer ones are cut).
    public static let auditObjectLengthMax = 128
    /// How far in the past a request's `Timestamp` may be (spec §3: within 60 s of server time).
    public static let timestampAgeMaxMs: Int64 = 60_000
    /// How far in the future a `Timestamp` may be: a small allowance for clock skew; beyond it, 1005.
    public static let timestampFutureSkewMaxMs: Int64 = 5_000
    /// A `Timestamp` is Unix milliseconds: exactly 13 digits (spec §3).
    public static let timestampDigits = 13

    /// Default Access-Token lifetime (spec §13: 2 hours, configurable).
    public static let accessTokenLifetimeDefaultMs: Int64 = 2 * 60 * 60 * 1_000
    /// Longest Access-Token lifetime an operator may configure.
    public static let accessTokenLifetimeMaxMs: Int64 = 24 * 60 * 60 * 1_000
    /// Requests naming an unknown Api-Key, per client address and server process (1009 past it):
    /// a merchant with a typo sees its 1008s, someone guessing keys meets a wall.
    public static let unknownKeyRateLimit = RateLimitPolicy(ratePerSecond: 5, burst: 20)
    /// Hosted card page loads (`/pci/card`), per client address and server process.
    public static let hostedPageRateLimit = RateLimitPolicy(ratePerSecond: 10, burst: 30)

    /// Wrong CVVs `card/active` accepts for one card before its activation locks until an operator
    /// unlocks it (`cardplane card unlock-activation`): a CVV has only 1000 values.
    public static let activationWrongCVVsMax = 5

    /// Live Access-Tokens one Api-Key holds at most: issuing another retires the oldest, so a
    /// client that asks for a token per request cannot grow the table without bound.
    public static let accessTokensPerKeyMax = 100

    /// Default sustained rate per Api-Key (spec §13), requests per second.
    public static let rateLimitPerSecondDefault = 100
    /// Default burst per Api-Key (spec §13), requests.
    public static let rateLimitBurstDefault = 100

    /// Length of a generated `Api-Key` (spec §13: at least 32 characters).
    public static let apiKeyLength = 40
    /// Length of a generated `apiSecret` (spec §13: exactly 32 printable ASCII characters, the AES-256 key).
    public static let apiSecretLength = 32
    /// Characters of an Api-Key kept in clear for operators to recognise it.
    public static let apiKeyPrefixLength = 8
    /// Length of a generated Access-Token.
    public static let accessTokenLength = 48
    /// Longest header value we read for Api-Key or Access-Token; longer is not ours and is refused early.
    public static let credentialHeaderLengthMax = 128

    /// Largest request body accepted, bytes.
    public static let requestBodySizeMax = 64 * 1024
    /// Longest Base64 ciphertext a merchant may send for a `cvv`, `pin` or other secret (spec §5),
    /// characters; longer is refused as undecryptable before any decoding.
    public static let merchantCiphertextLengthMax = 4 * 1024
    /// Longest merchant name an operator may set.
    public static let merchantNameLengthMax = 128
    /// Most CIDR blocks on one merchant's allowlist.
    public static let ipAllowlistSizeMax = 64
    /// Longest wait for the KYC vendor, per call; must stay well under the worker's lease (30 s).
    public static let kycProviderTimeoutMs: Int64 = 10_000

    /// Longest on-chain transaction hash a deposit may name.
    public static let transactionHashLengthMax = 128

    /// Bounded retries for an insert that loses a unique-number race (identifier collisions).
    public static let uniqueNumberAttemptsMax = 5

    /// Longest `first_name` / `last_name` of card apply `address_info`, in Unicode scalars (1004 beyond).
    public static let cardholderNameLengthMax = 64
    /// Longest other `address_info` field (address lines, city, state, …), in Unicode scalars (1004 beyond).
    public static let addressFieldLengthMax = 128
    /// Fewest digits of an `address_info` `phone` (1004 below).
    public static let phoneDigitsMin = 4
    /// Most digits of an `address_info` `phone` (1004 beyond; E.164 numbers have at most 15 digits).
    public static let phoneDigitsMax = 15
    /// Years a new card is valid; it expires at the end of its issue month that many years on.
    public static let cardValidityYears = 3
    /// Default wait for the card provider, per call (spec §13: 4007 after the provider timeout, 5 s).
    public static let cardProviderTimeoutDefaultMs: Int64 = 5_000
    /// Default time the simulated provider takes to produce a physical card (`Pending → ToActivate`).
    public static let cardProductionDelayDefaultMs: Int64 = 2_000
    /// Most cards an operator may allow one merchant on one BIN or package.
    public static let issuanceLimitMax: Int64 = 10_000_000
    /// How long an issuance-fee hold outlives the provider timeout before it may be expired.
    public static let issuanceHoldGraceMs: Int64 = 10 * 60 * 1_000
    /// Longest value of a plain string field we read from a request body (numbers, ciphertexts).
    public static let requestFieldLengthMax = 1_024
}
