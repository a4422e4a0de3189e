public import CardplaneCore
public import CardplaneStore
public import CardplaneVault
public import Logging

/// The merchant's current apiSecret as an AES key for card secrets in transit (spec §5, §13).
public struct MerchantCredentials: Sendable {
    let store: Store
    let sealer: SecretSealer
    let clock: any WallClock
    let logger: Logger

    public init(store: Store, sealer: SecretSealer, clock: any WallClock, logger: Logger) {
        self.store = store
        self.sealer = sealer
        self.clock = clock
        self.logger = logger
    }

    /// The cipher keyed by the newest enabled, unexpired credential's apiSecret.
    ///
    /// - Throws: 4018 when the merchant has no such credential, or its sealed secret cannot be
    ///   opened (the master key that sealed it is gone from the key ring; logged for the operator).
    public func currentCipher(merchantNo: String) async throws -> MerchantCipher {
        let secret = try await currentSecret(merchantNo: merchantNo)
        do {
            return try MerchantCipher(apiSecret: secret)
        } catch {
            throw CardplaneError(.apiCredentialNotAvailable)
        }
    }

    /// The newest enabled, unexpired credential's apiSecret (the AES key and the callback HMAC key).
    ///
    /// - Throws: 4018 as ``currentCipher(merchantNo:)``.
    public func currentSecret(merchantNo: String) async throws -> Sensitive<String> {
        let nowMs = clock.nowMs()
        let found = try await store.withConnection { database in
            try await APIKeyRecords(database).newestUsableSecret(merchantNo: merchantNo, nowMs: nowMs)
        }
        guard let found else { throw CardplaneError(.apiCredentialNotAvailable) }
        do {
            return try sealer.open(found.sealed, context: MerchantAdministration.secretContext(keyID: found.keyID))
        } catch {
            logger.error(
                "api secret cannot be opened; check the master key ring",
                metadata: ["merchant_no": .string(merchantNo), "api_key_id": .string(found.keyID)]
            )
            throw CardplaneError(.apiCredentialNotAvailable)
        }
    }
}
