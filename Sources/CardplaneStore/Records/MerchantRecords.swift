public import CardplaneCore
public import SQLKit

/// Merchants and their IP allowlists.
public struct MerchantRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Inserts `merchant` and its allowlist. Fails on a duplicate merchant number.
    public func insert(_ merchant: Merchant) async throws {
        CachedRowWrites.noteWrite()
        try await database.raw(
            """
            INSERT INTO merchant (merchant_no, name, mode, status, created_at_ms, updated_at_ms)
            VALUES (\(bind: merchant.merchantNo), \(bind: merchant.name), \(bind: merchant.mode.rawValue),
                    \(bind: merchant.status.rawValue), \(bind: merchant.createdAtMs), \(bind: merchant.createdAtMs))
            """
        ).run()
        for block in merchant.ipAllowlist {
            try await addAllowedBlock(block, merchantNo: merchant.merchantNo, nowMs: merchant.createdAtMs)
        }
    }

    /// The merchant numbered `merchantNo`, with its allowlist, or `nil`.
    public func merchant(no merchantNo: String) async throws -> Merchant? {
        guard
            let row = try await database.raw(
                "SELECT * FROM merchant WHERE merchant_no = \(bind: merchantNo)"
            ).first()
        else { return nil }
        return try await merchant(from: row)
    }

    /// Every merchant, oldest first.
    public func all() async throws -> [Merchant] {
        let rows = try await database.raw("SELECT * FROM merchant ORDER BY created_at_ms, merchant_no").all()
        var merchants: [Merchant] = []
        for row in rows { merchants.append(try await merchant(from: row)) }
        return merchants
    }

    /// Sets the merchant's status; returns whether a merchant was changed.
    public func setStatus(_ status: MerchantStatus, merchantNo: String, nowMs: Int64) async throws -> Bool {
        CachedRowWrites.noteWrite()
        let rows = try await database.raw(
            """
            UPDATE merchant SET status = \(bind: status.rawValue), updated_at_ms = \(bind: nowMs)
            WHERE merchant_no = \(bind: merchantNo) RETURNING merchant_no
            """
        ).all()
        return !rows.isEmpty
    }

    /// Whether the merchant may see card secrets (private info, hosted card page); 1013 when not.
    public func pciDisplay(merchantNo: String) async throws -> Bool {
        try await database.raw("SELECT pci_display FROM merchant WHERE merchant_no = \(bind: merchantNo)")
            .first()?.decode(column: "pci_display", as: Int64.self) == 1
    }

    /// Turns PCI display on or off; returns whether the merchant exists.
    public func setPCIDisplay(_ enabled: Bool, merchantNo: String, nowMs: Int64) async throws -> Bool {
        CachedRowWrites.noteWrite()
        return try await !database.raw(
            """
            UPDATE merchant SET pci_display = \(bind: enabled ? 1 : 0), updated_at_ms = \(bind: nowMs)
            WHERE merchant_no = \(bind: merchantNo) RETURNING merchant_no
            """
        ).all().isEmpty
    }

    /// The merchant's callback URL, if an operator set one.
    public func callbackURL(merchantNo: String) async throws -> String? {
        try await database.raw("SELECT callback_url FROM merchant WHERE merchant_no = \(bind: merchantNo)")
            .first()?.decode(column: "callback_url", as: String?.self)
    }

    /// Sets (or, with `nil`, clears) the callback URL; returns whether the merchant exists.
    public func setCallbackURL(_ url: String?, merchantNo: String, nowMs: Int64) async throws -> Bool {
        CachedRowWrites.noteWrite()
        return try await !database.raw(
            """
            UPDATE merchant SET callback_url = \(bind: url), updated_at_ms = \(bind: nowMs)
            WHERE merchant_no = \(bind: merchantNo) RETURNING merchant_no
            """
        ).all().isEmpty
    }

    /// Adds `block` to the merchant's allowlist; adding a block already there changes nothing.
    public func addAllowedBlock(_ block: CIDRBlock, merchantNo: String, nowMs: Int64) async throws {
        CachedRowWrites.noteWrite()
        try await database.raw(
            """
            INSERT INTO merchant_ip_allowlist (merchant_no, cidr, created_at_ms)
            VALUES (\(bind: merchantNo), \(bind: block.description), \(bind: nowMs))
            ON CONFLICT (merchant_no, cidr) DO NOTHING
            """
        ).run()
    }

    /// Removes `block` from the allowlist; returns whether it was there.
    public func removeAllowedBlock(_ block: CIDRBlock, merchantNo: String) async throws -> Bool {
        CachedRowWrites.noteWrite()
        let rows = try await database.raw(
            """
            DELETE FROM merchant_ip_allowlist
            WHERE merchant_no = \(bind: merchantNo) AND cidr = \(bind: block.description)
            RETURNING cidr
            """
        ).all()
        return !rows.isEmpty
    }

    /// The merchant's allowlist, sorted by its text as ``Merchant/ipAllowlist`` keeps it.
    public func allowedBlocks(merchantNo: String) async throws -> [CIDRBlock] {
        try await database.raw(
            """
            SELECT cidr FROM merchant_ip_allowlist WHERE merchant_no = \(bind: merchantNo)
            ORDER BY cidr
            """
        ).all().map { row in
            let text = try row.decode(column: "cidr", as: String.self)
            guard let block = CIDRBlock(text) else { throw StoreError.corruptRow(table: "merchant_ip_allowlist") }
            return block
        }
    }

    func merchant(from row: any SQLRow, prefix: String = "") async throws -> Merchant {
        let merchantNo = try row.decode(column: prefix + "merchant_no", as: String.self)
        guard let mode = IntegrationMode(rawValue: try row.decode(column: prefix + "mode", as: String.self)),
            let status = MerchantStatus(rawValue: try row.decode(column: prefix + "status", as: String.self))
        else { throw StoreError.corruptRow(table: "merchant") }
        return Merchant(
            merchantNo: merchantNo,
            name: try row.decode(column: prefix + "name", as: String.self),
            mode: mode,
            status: status,
            ipAllowlist: try await allowedBlocks(merchantNo: merchantNo),
            createdAtMs: try row.decode(column: prefix + "created_at_ms", as: Int64.self)
        )
    }
}
