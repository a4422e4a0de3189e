/// One API credential of a merchant: the `Api-Key` it sends and the `apiSecret` it encrypts with.
///
/// Only the key's hash and the secret's ciphertext are stored; this value holds neither secret.
public struct APIKey: Sendable, Equatable {
    /// Internal identifier, shown to operators (`key list`, `key revoke`).
    public var id: String
    public var merchantNo: String
    /// The first characters of the key, enough for an operator to recognise it; never enough to use it.
    public var prefix: String
    public var status: APIKeyStatus
    /// Creation time, Unix milliseconds.
    public var createdAtMs: Int64
    /// Expiry, Unix milliseconds; `nil` means the key does not expire.
    public var expiresAtMs: Int64?

    public init(
        id: String,
        merchantNo: String,
        prefix: String,
        status: APIKeyStatus,
        createdAtMs: Int64,
        expiresAtMs: Int64?
    ) {
        self.id = id
        self.merchantNo = merchantNo
        self.prefix = prefix
        self.status = status
        self.createdAtMs = createdAtMs
        self.expiresAtMs = expiresAtMs
    }

    /// Whether the key has expired at `nowMs`. A key is expired from its expiry instant on.
    public func isExpired(atMs nowMs: Int64) -> Bool {
        guard let expiresAtMs else { return false }
        return nowMs >= expiresAtMs
    }

    /// The code a request with this key is refused with at `nowMs`, or `nil` when the key is usable.
    ///
    /// Order: revoked (1010) before expired (1011), so a revoked key never reads as merely expired.
    public func refusal(atMs nowMs: Int64) -> ErrorCode? {
        switch status {
        case .revoked: return .apiKeyNotEnabled
        case .enabled: return isExpired(atMs: nowMs) ? .apiKeyExpired : nil
        }
    }
}

/// Whether an API key may be used.
public enum APIKeyStatus: String, Sendable, CaseIterable, Codable {
    case enabled
    /// Revoked by an operator; answers 1010 from the next request on. Terminal.
    case revoked
}
