import CardplaneCore

/// Makes the random strings merchants authenticate with: Api-Keys, apiSecrets and Access-Tokens.
///
/// Draws from `SystemRandomNumberGenerator`, which reads the operating system's CSPRNG.
public enum CredentialGenerator {
    /// Letters and digits: safe in headers, URLs and shells without quoting.
    static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// A new `Api-Key`: `ak_` and random letters and digits, ``Limits/apiKeyLength`` characters in all.
    public static func apiKey() -> Sensitive<String> {
        Sensitive("ak_" + randomString(count: Limits.apiKeyLength - 3))
    }

    /// A new `apiSecret`: exactly 32 letters and digits, whose UTF-8 bytes are an AES-256 key (spec §13).
    public static func apiSecret() -> Sensitive<String> {
        Sensitive(randomString(count: Limits.apiSecretLength))
    }

    /// A new opaque Access-Token.
    public static func accessToken() -> Sensitive<String> {
        Sensitive("at_" + randomString(count: Limits.accessTokenLength - 3))
    }

    /// An internal identifier with a readable kind prefix, e.g. `key_…`.
    public static func identifier(prefix: String) -> String {
        prefix + "_" + randomString(count: 20)
    }

    static func randomString(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphanumerics.randomElement(using: &generator)! })
    }
}
