import CardplaneCore
import Crypto

/// The console's session cookie and the CSRF token bound to it.
///
/// The cookie holds a long random token; the database holds its SHA-256 (``CredentialDigest``).
/// The CSRF token every form carries is an HMAC of the session token, so it needs no storage,
/// changes with each session and cannot be made without the cookie.
public enum ConsoleSessionToken {
    /// A new session token: `cs_` and 40 letters and digits (~238 bits).
    public static func generate() -> Sensitive<String> {
        Sensitive("cs_" + CredentialGenerator.randomString(count: 40))
    }

    /// The CSRF token of the session whose token is `session`: lowercase hex HMAC-SHA256.
    public static func csrfToken(for session: Sensitive<String>) -> String {
        let key = SymmetricKey(data: Array(session.reveal().utf8))
        return HMAC<SHA256>.authenticationCode(for: Array("cardplane console csrf".utf8), using: key).hexString
    }

    /// Whether `presented` is the CSRF token of `session`, compared in constant time.
    public static func isCSRFToken(_ presented: String, for session: Sensitive<String>) -> Bool {
        ConstantTime.equals(Array(presented.utf8), Array(csrfToken(for: session).utf8))
    }
}
