import CardplaneCore
import Testing

@Suite struct RequestTimestampTests {
    static let now: Int64 = 1_764_000_000_000

    @Test(
        arguments: [
            (now, true), (now - 60_000, true), (now - 60_001, false), (now + 5_000, true), (now + 5_001, false),
        ] as [(Int64, Bool)]
    )
    func window(_ timestamp: Int64, _ accepted: Bool) {
        let result = Result { try RequestTimestamp.validate(String(timestamp), nowMs: Self.now) }
        #expect(((try? result.get()) != nil) == accepted)
    }

    @Test(arguments: [nil, "", "1764000000", "17640000000000", "1764000000.00", "+764000000000", "176400000000a"])
    func malformedIs1005(_ header: String?) {
        #expect(throws: CardplaneError(.timestampInvalid)) {
            try RequestTimestamp.validate(header, nowMs: Self.now)
        }
    }
}

@Suite struct APIKeyRulesTests {
    func key(_ status: APIKeyStatus, expiresAtMs: Int64?) -> APIKey {
        APIKey(id: "key_1", merchantNo: "M1", prefix: "ak_x", status: status, createdAtMs: 0, expiresAtMs: expiresAtMs)
    }

    @Test func enabledUnexpiredKeyIsUsable() {
        #expect(key(.enabled, expiresAtMs: nil).refusal(atMs: 10) == nil)
        #expect(key(.enabled, expiresAtMs: 11).refusal(atMs: 10) == nil)
    }

    @Test func expiredFromItsExpiryInstant() {
        #expect(key(.enabled, expiresAtMs: 10).refusal(atMs: 10) == .apiKeyExpired)
    }

    @Test func revokedWinsOverExpired() {
        #expect(key(.revoked, expiresAtMs: 5).refusal(atMs: 10) == .apiKeyNotEnabled)
    }

    @Test func merchantStatuses() {
        #expect(MerchantStatus.enabled.refusal == nil)
        #expect(MerchantStatus.disabled.refusal == .merchantStatusAbnormal)
        #expect(MerchantStatus.closed.refusal == .merchantNotFound)
    }

    @Test func endpointAudience() {
        #expect(EndpointAudience.allModes.admits(.authorization))
        #expect(EndpointAudience.only(.creditExtension).admits(.creditExtension))
        #expect(!EndpointAudience.only(.creditExtension).admits(.authorization))
    }
}

@Suite struct RateLimitPolicyTests {
    @Test func unitsAndRefill() {
        let policy = RateLimitPolicy(ratePerSecond: 100, burst: 100)
        #expect(policy.capacityUnits == 100_000)
        #expect(policy.refillUnitsPerMs == 100)
    }

    @Test(arguments: [(0, 1), (999, 1), (1_000, 1)] as [(Int64, Int)])
    func retryAfterIsAtLeastOneSecond(_ remaining: Int64, _ seconds: Int) {
        #expect(RateLimitPolicy(ratePerSecond: 100, burst: 100).retryAfterSeconds(remainingUnits: remaining) == seconds)
    }

    @Test func slowRatesWaitLonger() {
        // One request per 10 s is not expressible; one per second with an empty bucket waits 1 s.
        #expect(RateLimitPolicy(ratePerSecond: 1, burst: 1).retryAfterSeconds(remainingUnits: 0) == 1)
        #expect(RateLimitPolicy(ratePerSecond: 1, burst: 1).retryAfterSeconds(remainingUnits: 500) == 1)
    }
}

@Suite struct LimitsTests {
    @Test func relationships() {
        #expect(Limits.timestampFutureSkewMaxMs < Limits.timestampAgeMaxMs)
        #expect(Limits.accessTokenLifetimeDefaultMs <= Limits.accessTokenLifetimeMaxMs)
        #expect(Limits.apiKeyLength >= 32, "spec §13: Api-Key at least 32 characters")
        #expect(Limits.apiSecretLength == 32, "spec §13: the apiSecret is an AES-256 key")
        #expect(Limits.apiKeyPrefixLength * 4 <= Limits.apiKeyLength, "the shown prefix must not weaken the key")
        #expect(Limits.apiKeyLength <= Limits.credentialHeaderLengthMax)
        #expect(Limits.accessTokenLength <= Limits.credentialHeaderLengthMax)
        #expect(PageRequest.sizeDefault <= PageRequest.sizeMax)
        #expect(Limits.rateLimitBurstDefault >= 1 && Limits.rateLimitPerSecondDefault >= 1)
        #expect(Limits.merchantCiphertextLengthMax <= Limits.requestBodySizeMax, "a ciphertext fits in a request")
        #expect(
            Limits.requestFieldLengthMax <= Limits.merchantCiphertextLengthMax,
            "fields are refused before decrypting"
        )
        #expect(Limits.addressFieldLengthMax <= Limits.requestFieldLengthMax)
        #expect(
            Limits.cardProviderTimeoutDefaultMs < Limits.issuanceHoldGraceMs,
            "an issuance fee hold outlives the provider call it waits for"
        )
        #expect(Limits.cardValidityYears >= 1 && Limits.issuanceLimitMax >= 1)
    }
}
