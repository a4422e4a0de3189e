/// A currency of the ledger, with the number of decimals its amounts carry.
public struct Currency: Sendable, Hashable, CustomStringConvertible {
    /// e.g. `TUSDT`.
    public let code: String
    /// Decimal places of an amount (TigerBeetle's asset scale).
    public let scale: Int

    public init(code: String, scale: Int) {
        precondition(!code.isEmpty && (0...Amount.scaleMax).contains(scale))
        self.code = code
        self.scale = scale
    }

    /// The currency of merchant reserves and cardholder accounts (spec §4.13, §13): 2 decimals.
    public static let tusdt = Currency(code: "TUSDT", scale: 2)
    /// US dollars, the currency BIN limits and card payments are quoted in: 2 decimals.
    public static let usd = Currency(code: "USD", scale: 2)

    /// The currencies the platform knows, by code.
    public static let known: [String: Currency] = [tusdt.code: tusdt, usd.code: usd]

    /// Parses `text` as an amount of this currency.
    ///
    /// - Throws: 3005 unless it is a plain positive decimal with at most ``scale`` decimals.
    public func positiveAmount(_ text: String) throws -> Amount {
        guard let amount = Amount(parsing: text, scale: scale), amount.minorUnits > 0 else {
            throw CardplaneError(.transferAmountInvalid)
        }
        return amount
    }

    public var description: String { code }
}
