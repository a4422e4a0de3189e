/// Public numbers the API shows (`merchant_no`, later `cardholder_no`, `card_no`, …): a one-letter
/// kind, the UTC creation date and random digits, e.g. `M20261125483920`.
///
/// The date keeps numbers roughly time-ordered for indexes; the random part keeps them unguessable
/// across merchants. Uniqueness is the store's job (a UNIQUE constraint, with bounded retries): the
/// random part is sized per kind so that a collision within one day is rare at that kind's volume
/// (with n numbers a day and 10^d choices, about n²/2·10^d collisions a day), never impossible.
public enum PublicNumber {
    /// The kinds of numbers, their prefixes and how many random digits follow the date.
    public enum Kind: String, Sendable, CaseIterable {
        case merchant = "M"
        case cardBIN = "B"
        case cardPackage = "P"
        case cardholder = "U"
        case transfer = "T"
        case card = "C"
        case consumption = "E"

        /// Six digits for what operators create by hand; ten for cardholders (a million a day collide
        /// about fifty times, each retried); twelve for money movements.
        public var randomDigits: Int {
            switch self {
            case .merchant, .cardBIN, .cardPackage: return 6
            case .cardholder, .card: return 10
            case .transfer, .consumption: return 12
            }
        }
    }

    /// A new number of `kind` created at `nowMs`, with digits from `generator`.
    public static func make(
        _ kind: Kind,
        nowMs: Int64,
        using generator: inout some RandomNumberGenerator
    ) -> String {
        let date = CivilDate(unixDays: nowMs >= 0 ? nowMs / 86_400_000 : (nowMs - 86_399_999) / 86_400_000)
        let digits = (0..<kind.randomDigits).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
        return kind.rawValue + date.compactText + digits
    }
}
