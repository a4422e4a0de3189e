import Crypto

/// What makes two requests "the same" for `Idempotency-Key`: the lowercase hex SHA-256 of the
/// method, the request target (path and query) and the body bytes, each length-prefixed so no two
/// different requests can run together into one input.
public enum RequestFingerprint {
    public static func of(method: String, target: String, body: some Sequence<UInt8>) -> String {
        let body = Array(body)
        var hasher = SHA256()
        for part in [Array(method.utf8), Array(target.utf8), body] {
            hasher.update(data: Array(String(part.count).utf8) + [0x3A])
            hasher.update(data: part)
        }
        return hasher.finalize().hexString
    }
}
