/// The optional filters of the card list (spec §4.5).
public struct CardFilter: Sendable, Equatable {
    public var cardholderNo: String?
    public var cardUniqueNo: String?
    public var cardNo: String?

    public init(cardholderNo: String? = nil, cardUniqueNo: String? = nil, cardNo: String? = nil) {
        self.cardholderNo = cardholderNo
        self.cardUniqueNo = cardUniqueNo
        self.cardNo = cardNo
    }
}
