/// An issued card as the platform keeps it: everything but its secrets, which live in the vault.
public struct Card: Sendable, Equatable {
    /// Platform number, e.g. `C202611250123456789` (`card_no`).
    public var cardNo: String
    public var merchantNo: String
    public var cardholderNo: String
    /// The merchant's own id for the card, unique per merchant (`card_unique_no`, 4003).
    public var cardUniqueNo: String
    public var cardType: CardType
    public var cardBinNo: String
    /// The package (credit extension); `nil` for a card applied for on a BIN (authorization).
    public var packageNo: String?
    public var organization: CardOrganization
    /// The last four digits of the PAN (`card_last_no`), the only part shown outside the vault.
    public var lastFour: String
    public var status: CardStatus
    /// Bumped on every change; orders the card's events.
    public var version: Int
    public var createdAtMs: Int64
    public var updatedAtMs: Int64

    public init(
        cardNo: String,
        merchantNo: String,
        cardholderNo: String,
        cardUniqueNo: String,
        cardType: CardType,
        cardBinNo: String,
        packageNo: String?,
        organization: CardOrganization,
        lastFour: String,
        status: CardStatus,
        version: Int,
        createdAtMs: Int64,
        updatedAtMs: Int64
    ) {
        self.cardNo = cardNo
        self.merchantNo = merchantNo
        self.cardholderNo = cardholderNo
        self.cardUniqueNo = cardUniqueNo
        self.cardType = cardType
        self.cardBinNo = cardBinNo
        self.packageNo = packageNo
        self.organization = organization
        self.lastFour = lastFour
        self.status = status
        self.version = version
        self.createdAtMs = createdAtMs
        self.updatedAtMs = updatedAtMs
    }

    /// A change of status, as the `Card_update` event tells it (spec §7.4).
    public struct StatusChange: Sendable, Equatable {
        public var before: CardStatus
        public var after: CardStatus
        public var reason: String

        public init(before: CardStatus, after: CardStatus, reason: String) {
            self.before = before
            self.after = after
            self.reason = reason
        }
    }
}
