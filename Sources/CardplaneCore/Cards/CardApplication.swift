/// A validated `card/apply` request (spec §4.4), before the address rules and the catalog.
///
/// Checks in order: `cardholder_no` present, at most 32 characters (1004); `card_unique_no` present,
/// 1–64 printable ASCII characters without spaces (1004); `card_type` `Virtual` or `Physical`
/// (1004); the product selector of the merchant's mode — `package_no` for credit extension,
/// `card_bin_no` for authorization: both empty → 1004 naming it; only the other mode's selector →
/// 1012.
public struct CardApplication: Sendable, Equatable {
    /// What the card is issued from.
    public enum Product: Sendable, Equatable {
        /// A card package (credit-extension merchants).
        case package(String)
        /// A card BIN (authorization merchants).
        case bin(String)
    }

    public var cardholderNo: String
    public var cardUniqueNo: String
    public var cardType: CardType
    public var product: Product
    public var address: CardAddress?

    public static let uniqueNoLengthMax = 64
    public static let productNoLengthMax = 32

    public init(
        cardholderNo: String?,
        cardUniqueNo: String?,
        cardType: String?,
        packageNo: String?,
        cardBinNo: String?,
        address: CardAddress?,
        mode: IntegrationMode
    ) throws {
        guard let cardholderNo, (1...32).contains(cardholderNo.count) else {
            throw CardplaneError.invalidParameter("cardholder_no")
        }
        guard let cardUniqueNo, (1...Self.uniqueNoLengthMax).contains(cardUniqueNo.count),
            cardUniqueNo.unicodeScalars.allSatisfy({ (0x21...0x7e).contains($0.value) })
        else { throw CardplaneError.invalidParameter("card_unique_no") }
        guard let type = cardType.flatMap(CardType.init(rawValue:)) else {
            throw CardplaneError.invalidParameter("card_type")
        }
        self.cardholderNo = cardholderNo
        self.cardUniqueNo = cardUniqueNo
        self.cardType = type
        self.product = try Self.product(packageNo: packageNo, cardBinNo: cardBinNo, mode: mode)
        self.address = address
    }

    private static func product(packageNo: String?, cardBinNo: String?, mode: IntegrationMode) throws -> Product {
        let packageNo = packageNo.flatMap { $0.isEmpty ? nil : $0 }
        let cardBinNo = cardBinNo.flatMap { $0.isEmpty ? nil : $0 }
        let (own, other, field) =
            mode == .creditExtension ? (packageNo, cardBinNo, "package_no") : (cardBinNo, packageNo, "card_bin_no")
        guard let own else {
            if other != nil { throw CardplaneError(.integrationModeNotSupported) }
            throw CardplaneError.invalidParameter(field)
        }
        guard own.count <= productNoLengthMax else { throw CardplaneError.invalidParameter(field) }
        return mode == .creditExtension ? .package(own) : .bin(own)
    }
}
