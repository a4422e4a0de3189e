public import CardplaneCore
import CardplaneStore
import CardplaneVault
import SQLKit

extension MerchantAdministration {
    /// Issues a new credential for the merchant; older keys stay valid until revoked.
    public func createKey(merchantNo: String, expiresAtMs: Int64?) async throws -> IssuedCredential {
        if let expiresAtMs, expiresAtMs <= clock.nowMs() { throw AdministrationError.expiryInPast }
        return try await store.withTransaction { database in
            guard let merchant = try await MerchantRecords(database).merchant(no: merchantNo) else {
                throw AdministrationError.merchantNotFound
            }
            guard merchant.status != .closed else { throw AdministrationError.merchantClosed }
            return try await makeCredential(merchantNo: merchantNo, expiresAtMs: expiresAtMs, in: database)
        }
    }

    /// Revokes the merchant's key `keyID` and deletes its Access-Tokens; it answers 1010 from the
    /// next request on.
    public func revokeKey(id keyID: String, merchantNo: String) async throws {
        let nowMs = clock.nowMs()
        let revoked = try await store.withTransaction { database in
            let revoked = try await APIKeyRecords(database).revoke(id: keyID, merchantNo: merchantNo, nowMs: nowMs)
            if revoked { try await AccessTokenRecords(database).deleteAll(apiKeyID: keyID) }
            return revoked
        }
        guard revoked else { throw AdministrationError.keyNotFound }
    }

    /// The merchant's keys, oldest first, without their secrets.
    public func keys(merchantNo: String) async throws -> [APIKey] {
        _ = try await requireMerchant(no: merchantNo)
        return try await store.withConnection { try await APIKeyRecords($0).keys(merchantNo: merchantNo) }
    }

    /// Allows `block` to call the API for the merchant.
    public func allow(_ block: CIDRBlock, merchantNo: String) async throws {
        let nowMs = clock.nowMs()
        try await store.withTransaction { database in
            let records = MerchantRecords(database)
            guard try await records.merchant(no: merchantNo) != nil else { throw AdministrationError.merchantNotFound }
            let current = try await records.allowedBlocks(merchantNo: merchantNo)
            guard current.contains(block) || current.count < Limits.ipAllowlistSizeMax else {
                throw AdministrationError.allowlistFull
            }
            try await records.addAllowedBlock(block, merchantNo: merchantNo, nowMs: nowMs)
        }
    }

    /// Stops `block` from calling the API for the merchant.
    public func disallow(_ block: CIDRBlock, merchantNo: String) async throws {
        let removed = try await store.withConnection { database in
            try await MerchantRecords(database).removeAllowedBlock(block, merchantNo: merchantNo)
        }
        guard removed else { throw AdministrationError.blockNotFound }
    }

    /// Makes and stores a credential inside the caller's transaction.
    func makeCredential(
        merchantNo: String,
        expiresAtMs: Int64?,
        in database: any SQLDatabase
    ) async throws
        -> IssuedCredential
    {
        let apiKey = CredentialGenerator.apiKey()
        let apiSecret = CredentialGenerator.apiSecret()
        let key = APIKey(
            id: CredentialGenerator.identifier(prefix: "key"),
            merchantNo: merchantNo,
            prefix: String(apiKey.reveal().prefix(Limits.apiKeyPrefixLength)),
            status: .enabled,
            createdAtMs: clock.nowMs(),
            expiresAtMs: expiresAtMs
        )
        try await APIKeyRecords(database).insert(
            key,
            keyDigest: CredentialDigest.digest(apiKey),
            sealedSecret: try sealer.seal(apiSecret, context: Self.secretContext(keyID: key.id))
        )
        return IssuedCredential(key: key, apiKey: apiKey, apiSecret: apiSecret)
    }

    /// The associated data an apiSecret is sealed with: its key's id, so a sealed secret copied to
    /// another key's row cannot be opened there.
    public static func secretContext(keyID: String) -> String { "api_key.sealed_secret:\(keyID)" }
}

extension MerchantAdministration {
    /// Turns PCI display (private info, the hosted card page) on or off for the merchant; off, those
    /// answer 1013.
    public func setPCIDisplay(_ enabled: Bool, merchantNo: String) async throws {
        let nowMs = clock.nowMs()
        let found = try await store.withConnection { database in
            try await MerchantRecords(database).setPCIDisplay(enabled, merchantNo: merchantNo, nowMs: nowMs)
        }
        guard found else { throw AdministrationError.merchantNotFound }
    }

    /// Whether PCI display is on for the merchant.
    public func pciDisplay(merchantNo: String) async throws -> Bool {
        _ = try await requireMerchant(no: merchantNo)
        return try await store.withConnection { try await MerchantRecords($0).pciDisplay(merchantNo: merchantNo) }
    }
}
