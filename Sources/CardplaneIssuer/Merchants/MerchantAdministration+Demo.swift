import CardplaneCore
import CardplaneStore

extension MerchantAdministration {
    /// The name of the merchant a fresh database gets.
    public static let demoMerchantName = "Demo Merchant"

    /// On a database without merchants, creates the demo merchant (credit extension, callable from
    /// loopback) and returns it with its credential; otherwise `nil`.
    public func createDemoMerchantIfEmpty() async throws -> OnboardedMerchant? {
        let isEmpty = try await store.withConnection { try await MerchantRecords($0).all().isEmpty }
        guard isEmpty else { return nil }
        let loopback = ["127.0.0.0/8", "::1/128"].compactMap(CIDRBlock.init)
        return try await createMerchant(name: Self.demoMerchantName, mode: .creditExtension, ipAllowlist: loopback)
    }
}
