/// `address_info` of card apply (spec §4.4), as sent: every field optional, untrimmed as received.
///
/// ``AddressRules/validate(_:for:)`` checks it and returns the normalised copy.
public struct CardAddress: Sendable, Equatable {
    /// `first_name`: English letters only (required for physical cards).
    public var firstName: String?
    /// `last_name`: English letters only (required for physical cards).
    public var lastName: String?
    /// `phone_code`: the international calling code, digits without `+` (e.g. `"1"`, `"44"`).
    public var phoneCode: String?
    /// `phone`: the subscriber number, digits only.
    public var phone: String?
    /// `postal_code`: in the format of ``country``; for the US a ZIP that matches state and city.
    public var postalCode: String?
    /// `country`: ISO 3166-1 alpha-2 code (e.g. `"US"`).
    public var country: String?
    /// `state`: state, province or region; for the US the USPS code (`"CA"`) or the English name.
    public var state: String?
    /// `city`
    public var city: String?
    /// `address_line1`
    public var addressLine1: String?
    /// `address_line2`: always optional.
    public var addressLine2: String?

    public init(
        firstName: String? = nil,
        lastName: String? = nil,
        phoneCode: String? = nil,
        phone: String? = nil,
        postalCode: String? = nil,
        country: String? = nil,
        state: String? = nil,
        city: String? = nil,
        addressLine1: String? = nil,
        addressLine2: String? = nil
    ) {
        self.firstName = firstName
        self.lastName = lastName
        self.phoneCode = phoneCode
        self.phone = phone
        self.postalCode = postalCode
        self.country = country
        self.state = state
        self.city = city
        self.addressLine1 = addressLine1
        self.addressLine2 = addressLine2
    }
}

/// The fields of `address_info` in the order of the API documentation, which is also the order in
/// which every rule of ``AddressRules`` visits them (the first failing field is the one named).
enum AddressField: String, CaseIterable, Sendable {
    case firstName = "first_name"
    case lastName = "last_name"
    case phoneCode = "phone_code"
    case phone = "phone"
    case postalCode = "postal_code"
    case country = "country"
    case state = "state"
    case city = "city"
    case addressLine1 = "address_line1"
    case addressLine2 = "address_line2"

    var keyPath: WritableKeyPath<CardAddress, String?> {
        switch self {
        case .firstName: \.firstName
        case .lastName: \.lastName
        case .phoneCode: \.phoneCode
        case .phone: \.phone
        case .postalCode: \.postalCode
        case .country: \.country
        case .state: \.state
        case .city: \.city
        case .addressLine1: \.addressLine1
        case .addressLine2: \.addressLine2
        }
    }

    /// Required on a physical card (answer 4010 when missing): all but `address_line2`.
    static let requiredForPhysicalCard: [AddressField] = allCases.filter { $0 != .addressLine2 }

    /// Required when a virtual card sends `address_info` (answer 1004 when missing).
    static let requiredForVirtualCard: [AddressField] = [.postalCode, .country, .state, .city, .addressLine1]

    /// The cardholder's names: English letters and `' - .` only (rule 4).
    static let names: [AddressField] = [.firstName, .lastName]

    /// Free-text address fields: English letters, digits and address symbols (rule 5).
    static let addressText: [AddressField] = [.state, .city, .addressLine1, .addressLine2]

    /// Longest value accepted, in Unicode scalars (rule 3).
    var lengthMax: Int {
        switch self {
        case .firstName, .lastName: Limits.cardholderNameLengthMax
        default: Limits.addressFieldLengthMax
        }
    }
}
