/// A validated `cardholder/apply` request (spec §4.1).
///
/// Checks in order: `cardholder_unique_no` present, at most 64 characters of printable ASCII
/// without spaces (1004); `sumsub_share_token` present and at most 2048 characters (1004);
/// `cardholder_no`, when sent, at most 32 characters (1004; the HTTP edge reads an empty string as
/// not sent, so `""` creates).
public struct CardholderApplication: Sendable, Equatable {
    /// Present when the merchant updates an existing cardholder.
    public var cardholderNo: String?
    public var cardholderUniqueNo: String
    public var shareToken: String

    public static let uniqueNoLengthMax = 64
    public static let shareTokenLengthMax = 2_048
    public static let cardholderNoLengthMax = 32

    public init(cardholderNo: String?, cardholderUniqueNo: String?, shareToken: String?) throws {
        guard let cardholderUniqueNo, (1...Self.uniqueNoLengthMax).contains(cardholderUniqueNo.count),
            cardholderUniqueNo.unicodeScalars.allSatisfy({ (0x21...0x7e).contains($0.value) })
        else { throw CardplaneError.invalidParameter("cardholder_unique_no") }
        guard let shareToken, (1...Self.shareTokenLengthMax).contains(shareToken.count) else {
            throw CardplaneError.invalidParameter("sumsub_share_token")
        }
        if let cardholderNo {
            guard (1...Self.cardholderNoLengthMax).contains(cardholderNo.count) else {
                throw CardplaneError.invalidParameter("cardholder_no")
            }
        }
        self.cardholderNo = cardholderNo
        self.cardholderUniqueNo = cardholderUniqueNo
        self.shareToken = shareToken
    }
}
