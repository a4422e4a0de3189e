import CardplaneCore
import Foundation

/// The JSON a card's `address_info` is sealed as (the vault stores it encrypted, it is personal data).
enum AddressCodec {
    struct Stored: Codable {
        var firstName, lastName, phoneCode, phone, postalCode, country, state, city, addressLine1, addressLine2: String?
    }

    static func encode(_ address: CardAddress) throws -> String {
        let stored = Stored(
            firstName: address.firstName,
            lastName: address.lastName,
            phoneCode: address.phoneCode,
            phone: address.phone,
            postalCode: address.postalCode,
            country: address.country,
            state: address.state,
            city: address.city,
            addressLine1: address.addressLine1,
            addressLine2: address.addressLine2
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(stored), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> CardAddress {
        let stored = try JSONDecoder().decode(Stored.self, from: Data(text.utf8))
        return CardAddress(
            firstName: stored.firstName,
            lastName: stored.lastName,
            phoneCode: stored.phoneCode,
            phone: stored.phone,
            postalCode: stored.postalCode,
            country: stored.country,
            state: stored.state,
            city: stored.city,
            addressLine1: stored.addressLine1,
            addressLine2: stored.addressLine2
        )
    }
}
