/// Public numbers the API shows (`merchant_no`, later `cardholder_no`, `card_no`, …): a one-letter
/// kind, the UTC creation date and random digits, e.g. `M20261125483920`.
///
/// The date keeps numbers roughly time-ordered for indexes; the random part keeps them unguessable
/// across merchants. Uniqueness is the store's job (a UNIQUE constraint, with bounded retries).
public enum PublicNumber {
    /// The kinds of numbers and their prefixes.
    public enum Kind: String, Sendable {
        case merchant = "M"
        case cardBIN = "B"
        case cardPackage = "P"
        case cardholder = "U"
        case transfer = "T"
    }

    /// Random digits after the date.
    public static let randomDigits = 6

    /// A new number of `kind` created at `nowMs`, with digits from `generator`.
    public static func make(
        _ kind: Kind,
        nowMs: Int64,
        using generator: inout some RandomNumberGenerator
    ) -> String {
        let date = CivilDate(unixDays: nowMs >= 0 ? nowMs / 86_400_000 : (nowMs - 86_399_999) / 86_400_000)
        let digits = (0..<randomDigits).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
        return kind.rawValue + date.compactText + digits
    }
}
