/// Where a card was used: the `merchant_info` object of consumptions and webhooks (spec §7.2, §7.3).
public struct MerchantInfo: Sendable, Equatable, Codable {
    public var merchantName: String
    /// ISO 18245 merchant category code, as the network sends it (e.g. `"5411"`).
    public var merchantMcc: String
    public var city: String
    /// The country as the network sends it (ISO 3166 alpha-2 in the simulator).
    public var country: String

    public init(merchantName: String, merchantMcc: String, city: String, country: String) {
        self.merchantName = merchantName
        self.merchantMcc = merchantMcc
        self.city = city
        self.country = country
    }

    enum CodingKeys: String, CodingKey {
        case merchantName = "merchant_name"
        case merchantMcc = "merchant_mcc"
        case city
        case country
    }
}
