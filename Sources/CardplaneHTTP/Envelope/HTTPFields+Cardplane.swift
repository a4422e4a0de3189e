import HTTPTypes

extension HTTPField.Name {
    static let apiKey = Self("Api-Key")!
    static let timestamp = Self("Timestamp")!
    static let accessToken = Self("Access-Token")!
    static let language = Self("Language")!
    static let timezone = Self("Timezone")!
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let requestID = Self("X-Request-Id")!
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let rateLimitLimit = Self("RateLimit-Limit")!
    static let rateLimitRemaining = Self("RateLimit-Remaining")!
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}
