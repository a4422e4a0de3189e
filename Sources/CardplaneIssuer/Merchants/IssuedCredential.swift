public import CardplaneCore
public import CardplaneVault

/// A freshly made API credential: the only moment the Api-Key and apiSecret exist in clear.
///
/// Show it to the operator once; afterwards the store holds only the key's digest and the sealed secret.
public struct IssuedCredential: Sendable {
    public var key: APIKey
    public var apiKey: Sensitive<String>
    public var apiSecret: Sensitive<String>
}

/// A merchant as just created, with its first credential.
public struct OnboardedMerchant: Sendable {
    public var merchant: Merchant
    public var credential: IssuedCredential
}
