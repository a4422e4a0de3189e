import CardplaneCore
import Foundation
import Testing

extension Transactions {
    /// `merchant_info` keeps the API's snake-case keys (spec §7.2).
    @Suite struct MerchantInfoTests {
        @Test func encodesWithTheAPIKeys() throws {
            let data = try JSONEncoder().encode(shop)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
            #expect(
                object == ["merchant_name": "Corner Shop", "merchant_mcc": "5411", "city": "Austin", "country": "US"]
            )
            #expect(try JSONDecoder().decode(MerchantInfo.self, from: data) == shop)
        }
    }
}
