/// Every code the Open API answers with, as `docs/reference/error-codes.tsv` lists them (the shared seed's table).
///
/// The raw value is the number merchants see in the envelope's `code`. Messages live in
/// ``ErrorCode/message(in:)``; the catalog is the only place a client-visible error text is written.
public enum ErrorCode: Int, Sendable, CaseIterable, Codable {
    case success = 0

    // 1xxx: common, auth and PCI
    case systemError = 1001
    case apiKeyRequired = 1002
    case ipNotAllowed = 1003
    case invalidParameter = 1004
    case timestampInvalid = 1005
    case accessTokenRequired = 1006
    case accessTokenInvalid = 1007
    case apiKeyNotFound = 1008
    case tooFrequent = 1009
    case apiKeyNotEnabled = 1010
    case apiKeyExpired = 1011
    case integrationModeNotSupported = 1012
    case pciDisplayNotEnabled = 1013
    case clientAccessTokenInvalid = 1014
    case parentOriginNotAllowed = 1015
    case hostedOriginMismatch = 1016
    case nonceReused = 1017
    case secFetchInvalid = 1018
    case endTimeBeforeStartTime = 1019
    case timeRangeTooLong = 1020
    case merchantNotFound = 1021
    case merchantStatusAbnormal = 1022

    // 2xxx: cardholders
    case cardholderExists = 2001
    case cardholderNotFound = 2002
    case cardholderAlreadyVerified = 2003
    case cardholderVerificationPending = 2004
    case cardholderVerificationFailed = 2005
    case kycInformationUnavailable = 2006
    case addressCharactersInvalid = 2007
    case englishOnly = 2008
    case countryNotSupported = 2009
    case postalCodeMismatch = 2010
    case cardholderUniqueNoMismatch = 2011

    // 3xxx: accounts and transfers
    case currencyNotSupported = 3001
    case cardholderBalanceInsufficient = 3002
    case currencyChainMismatch = 3003
    case transferUniqueNoExists = 3004
    case transferAmountInvalid = 3005
    case transferTypeInvalid = 3006
    case merchantBalanceInsufficient = 3007
    case accountBalanceInsufficient = 3008

    // 4xxx: cards, consumptions, PIN and private information
    case cardBINNotAvailable = 4001
    case cardPackageNotFound = 4002
    case cardUniqueNoExists = 4003
    case cardNotFound = 4004
    case cardStatusDoesNotAllow = 4005
    case cardIssuanceLimitReached = 4006
    case cardProviderFailed = 4007
    case activationInMerchantAppOnly = 4008
    case consumptionNotFound = 4009
    case billingAddressRequired = 4010
    case countryNotSupportedForCard = 4011
    case cardInformationNotFound = 4012
    case cardStatusNotSupported = 4013
    case activationNotSupported = 4014
    case pinDecryptionFailed = 4015
    case pinFormatInvalid = 4016
    case pinNotSupportedForCard = 4017
    case apiCredentialNotAvailable = 4018
    case cvvDecryptionFailed = 4019

    /// Whether the message names the offending field (`"<field>: <message>"`).
    ///
    /// The seed names 1004, 2007–2010 and 4010 as parameter errors; spec §13 fixes the format.
    public var isParameterError: Bool {
        switch self {
        case .invalidParameter, .addressCharactersInvalid, .englishOnly, .countryNotSupported,
            .postalCodeMismatch, .billingAddressRequired:
            return true
        default:
            return false
        }
    }
}
