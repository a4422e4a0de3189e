public import CardplaneCore
public import SQLKit

/// PCI display settings, client access tokens and used nonces.
public struct PCIRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// The merchant's hosted-page settings (origins, hosts, style); defaults when none were set.
    /// `enabled` comes from `merchant.pci_display`.
    public func settings(merchantNo: String) async throws -> PCIDisplaySettings {
        let enabled = try await MerchantRecords(database).pciDisplay(merchantNo: merchantNo)
        guard
            let row = try await database.raw("SELECT * FROM merchant_pci WHERE merchant_no = \(bind: merchantNo)")
                .first()
        else { return PCIDisplaySettings(enabled: enabled) }
        return PCIDisplaySettings(
            enabled: enabled,
            allowedOrigins: Self.list(try row.decode(column: "allowed_origins", as: String.self)),
            hostedHosts: Self.list(try row.decode(column: "hosted_hosts", as: String.self)),
            style: try JSONText.decode(CardStyle.self, from: row.decode(column: "style", as: String.self))
        )
    }

    /// Stores the merchant's origins, hosts and style (not the on/off switch).
    public func save(_ settings: PCIDisplaySettings, merchantNo: String, nowMs: Int64) async throws {
        try await database.raw(
            """
            INSERT INTO merchant_pci (merchant_no, allowed_origins, hosted_hosts, style, updated_at_ms)
            VALUES (\(bind: merchantNo), \(bind: settings.allowedOrigins.joined(separator: " ")),
                \(bind: settings.hostedHosts.joined(separator: " ")), \(bind: try JSONText.encode(settings.style)),
                \(bind: nowMs))
            ON CONFLICT (merchant_no) DO UPDATE SET allowed_origins = excluded.allowed_origins,
                hosted_hosts = excluded.hosted_hosts, style = excluded.style, updated_at_ms = excluded.updated_at_ms
            """
        ).run()
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: " ").map(String.init)
    }

    /// A client access token as stored (its digest, never the token).
    public struct ClientToken: Sendable, Equatable {
        public var merchantNo: String
        public var cardNo: String
        public var expiresAtMs: Int64
        public var usedAtMs: Int64?
    }

    public func insertToken(
        digest: String,
        merchantNo: String,
        cardNo: String,
        expiresAtMs: Int64,
        nowMs: Int64
    )
        async throws
    {
        try await database.raw(
            """
            INSERT INTO pci_client_token (token_digest, merchant_no, card_no, expires_at_ms, created_at_ms)
            VALUES (\(bind: digest), \(bind: merchantNo), \(bind: cardNo), \(bind: expiresAtMs), \(bind: nowMs))
            """
        ).run()
    }

    public func token(digest: String) async throws -> ClientToken? {
        guard
            let row = try await database.raw("SELECT * FROM pci_client_token WHERE token_digest = \(bind: digest)")
                .first()
        else { return nil }
        return ClientToken(
            merchantNo: try row.decode(column: "merchant_no", as: String.self),
            cardNo: try row.decode(column: "card_no", as: String.self),
            expiresAtMs: try row.decode(column: "expires_at_ms", as: Int64.self),
            usedAtMs: try row.decode(column: "used_at_ms", as: Int64?.self)
        )
    }

    /// Marks the token used if it is unused and unexpired at `nowMs`; `false` when another request
    /// used it first or it expired.
    public func consume(digest: String, nowMs: Int64) async throws -> Bool {
        try await !database.raw(
            """
            UPDATE pci_client_token SET used_at_ms = \(bind: nowMs)
            WHERE token_digest = \(bind: digest) AND used_at_ms IS NULL AND expires_at_ms > \(bind: nowMs)
            RETURNING token_digest
            """
        ).all().isEmpty
    }

    /// Records the nonce for the merchant; `false` when it was used before (1017).
    public func useNonce(_ nonce: String, merchantNo: String, nowMs: Int64) async throws -> Bool {
        try await !database.raw(
            """
            INSERT INTO pci_nonce (merchant_no, nonce, used_at_ms) VALUES (\(bind: merchantNo), \(bind: nonce), \(bind: nowMs))
            ON CONFLICT (merchant_no, nonce) DO NOTHING RETURNING nonce
            """
        ).all().isEmpty
    }

    /// Deletes client tokens that expired before `tokensBeforeMs` and nonces used before
    /// `noncesBeforeMs`; returns how many rows went.
    @discardableResult
    public func purge(tokensBeforeMs: Int64, noncesBeforeMs: Int64) async throws -> Int {
        let tokens = try await database.raw(
            "DELETE FROM pci_client_token WHERE expires_at_ms < \(bind: tokensBeforeMs) RETURNING token_digest"
        ).all().count
        let nonces = try await database.raw(
            "DELETE FROM pci_nonce WHERE used_at_ms < \(bind: noncesBeforeMs) RETURNING nonce"
        ).all().count
        return tokens + nonces
    }
}
