import CardplaneCore
import CardplaneIssuer

extension CardController {
    struct ApplyRequest: Decodable {
        var cardBinNo: String?
        var packageNo: String?
        var cardholderNo: String?
        var cardUniqueNo: String?
        var cardType: String?
        var addressInfo: AddressInfo?

        enum CodingKeys: String, CodingKey {
            case cardBinNo = "card_bin_no"
            case packageNo = "package_no"
            case cardholderNo = "cardholder_no"
            case cardUniqueNo = "card_unique_no"
            case cardType = "card_type"
            case addressInfo = "address_info"
        }
    }

    /// `address_info` of card apply (spec §4.4).
    struct AddressInfo: Decodable {
        var firstName, lastName, phoneCode, phone, postalCode, country, state, city, addressLine1, addressLine2: String?

        enum CodingKeys: String, CodingKey {
            case firstName = "first_name"
            case lastName = "last_name"
            case phoneCode = "phone_code"
            case phone
            case postalCode = "postal_code"
            case country, state, city
            case addressLine1 = "address_line1"
            case addressLine2 = "address_line2"
        }

        var address: CardAddress {
            CardAddress(
                firstName: firstName,
                lastName: lastName,
                phoneCode: phoneCode,
                phone: phone,
                postalCode: postalCode,
                country: country,
                state: state,
                city: city,
                addressLine1: addressLine1,
                addressLine2: addressLine2
            )
        }
    }

    struct ApplyPayload: Encodable, Sendable {
        var cardNo: String
        var cardUniqueNo: String

        enum CodingKeys: String, CodingKey {
            case cardNo = "card_no"
            case cardUniqueNo = "card_unique_no"
        }
    }

    struct ListRequest: WindowedListRequest, Decodable {
        var cardholderNo: String?
        var cardUniqueNo: String?
        var cardNo: String?
        var startTime: String?
        var endTime: String?
        var page: Int?
        var size: Int?
        var cursor: String?

        enum CodingKeys: String, CodingKey {
            case cardholderNo = "cardholder_no"
            case cardUniqueNo = "card_unique_no"
            case cardNo = "card_no"
            case startTime = "start_time"
            case endTime = "end_time"
            case page, size, cursor
        }
    }

    struct ActivateRequest: Decodable {
        var cardholderNo: String?
        var cardNo: String?
        var cvv: String?
        var cardLastNo: String?

        enum CodingKeys: String, CodingKey {
            case cardholderNo = "cardholder_no"
            case cardNo = "card_no"
            case cvv
            case cardLastNo = "card_last_no"
        }
    }

    struct StatusRequest: Decodable {
        var cardNo: String?
        var status: String?

        enum CodingKeys: String, CodingKey {
            case cardNo = "card_no"
            case status
        }
    }

    struct PINRequest: Decodable {
        var cardNo: String?
        var cardholderNo: String?
        var pin: String?

        enum CodingKeys: String, CodingKey {
            case cardNo = "card_no"
            case cardholderNo = "cardholder_no"
            case pin
        }
    }

    /// `data` of the card actions: `{"result": true}`.
    struct ResultPayload: Encodable, Sendable {
        var result: Bool
    }
}
