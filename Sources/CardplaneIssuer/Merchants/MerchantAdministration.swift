public import CardplaneCore
public import CardplaneStore
public import CardplaneVault

/// What operators do to merchants: onboard, suspend, close, manage keys and IP allowlists.
///
/// Every change is one transaction. Unknown merchants and keys are reported as
/// ``AdministrationError``, which the command line prints.
public struct MerchantAdministration: Sendable {
    let store: Store
    let sealer: SecretSealer
    let clock: any WallClock
    /// Which callback URLs may be set: `https` only unless it allows plain HTTP (a sandbox).
    let callbackDestinations: CallbackDestinationPolicy

    public init(
        store: Store,
        sealer: SecretSealer,
        clock: any WallClock,
        callbackDestinations: CallbackDestinationPolicy = .init()
    ) {
        self.store = store
        self.sealer = sealer
        self.clock = clock
        self.callbackDestinations = callbackDestinations
    }

    /// Creates an enabled merchant with `ipAllowlist` and its first credential.
    public func createMerchant(
        name: String,
        mode: IntegrationMode,
        ipAllowlist: [CIDRBlock],
        keyExpiresAtMs: Int64? = nil
    ) async throws -> OnboardedMerchant {
        let trimmed = name.trimmingSpaces()
        guard !trimmed.isEmpty, trimmed.count <= Limits.merchantNameLengthMax else {
            throw AdministrationError.invalidName
        }
        guard ipAllowlist.count <= Limits.ipAllowlistSizeMax else { throw AdministrationError.allowlistFull }
        let nowMs = clock.nowMs()
        if let keyExpiresAtMs, keyExpiresAtMs <= nowMs { throw AdministrationError.expiryInPast }
        for _ in 0..<Limits.uniqueNumberAttemptsMax {
            var generator = SystemRandomNumberGenerator()
            let merchant = Merchant(
                merchantNo: PublicNumber.make(.merchant, nowMs: nowMs, using: &generator),
                name: trimmed,
                mode: mode,
                status: .enabled,
                ipAllowlist: ipAllowlist,
                createdAtMs: nowMs
            )
            let created: OnboardedMerchant? = try await store.withTransaction { database in
                let records = MerchantRecords(database)
                guard try await records.merchant(no: merchant.merchantNo) == nil else { return nil }
                try await records.insert(merchant)
                let credential = try await makeCredential(
                    merchantNo: merchant.merchantNo,
                    expiresAtMs: keyExpiresAtMs,
                    in: database
                )
                return OnboardedMerchant(merchant: merchant, credential: credential)
            }
            if let created { return created }
        }
        throw StoreError.uniqueNumberExhausted(table: "merchant")
    }

    /// Every merchant, oldest first.
    public func merchants() async throws -> [Merchant] {
        try await store.withConnection { try await MerchantRecords($0).all() }
    }

    /// The merchant numbered `merchantNo`.
    public func requireMerchant(no merchantNo: String) async throws -> Merchant {
        guard let merchant = try await store.withConnection({ try await MerchantRecords($0).merchant(no: merchantNo) })
        else { throw AdministrationError.merchantNotFound }
        return merchant
    }

    /// Moves the merchant to `status`. A closed merchant stays closed. Disabling or closing deletes
    /// every Access-Token of the merchant.
    public func setStatus(_ status: MerchantStatus, merchantNo: String) async throws {
        let nowMs = clock.nowMs()
        try await store.withTransaction { database in
            let records = MerchantRecords(database)
            guard let merchant = try await records.merchant(no: merchantNo) else {
                throw AdministrationError.merchantNotFound
            }
            guard merchant.status != .closed || status == .closed else { throw AdministrationError.merchantClosed }
            _ = try await records.setStatus(status, merchantNo: merchantNo, nowMs: nowMs)
            // Spec §13: disabling a merchant kills its Access-Tokens; enabling again needs new ones.
            if status != .enabled { try await AccessTokenRecords(database).deleteAll(merchantNo: merchantNo) }
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
