import CardplaneCore
public import CardplaneStore

extension MerchantAdministration {
    /// Sets where the merchant's callbacks go; its pending callbacks become due at once.
    ///
    /// - Throws: ``AdministrationError/invalidCallbackURL`` unless `url` is a ``CallbackURL``;
    ///   ``AdministrationError/insecureCallbackURL`` for an `http` URL unless plain HTTP is allowed
    ///   (a sandbox); ``AdministrationError/merchantNotFound``.
    public func setCallbackURL(_ url: String, merchantNo: String) async throws {
        do {
            _ = try callbackDestinations.check(url: url)
        } catch .plainHTTP {
            throw AdministrationError.insecureCallbackURL
        } catch {
            throw AdministrationError.invalidCallbackURL
        }
        let nowMs = clock.nowMs()
        try await store.withTransaction { database in
            guard try await MerchantRecords(database).setCallbackURL(url, merchantNo: merchantNo, nowMs: nowMs) else {
                throw AdministrationError.merchantNotFound
            }
            try await OutboxRecords(database).hurry(merchantNo: merchantNo, nowMs: nowMs)
        }
    }

    /// The merchant's callback URL, if set.
    public func callbackURL(merchantNo: String) async throws -> String? {
        _ = try await requireMerchant(no: merchantNo)
        return try await store.withConnection { try await MerchantRecords($0).callbackURL(merchantNo: merchantNo) }
    }

    /// The delivery log, newest first.
    public func deliveries(
        merchantNo: String?,
        status: OutboxRecords.DeliveryStatus?,
        limit: Int
    ) async throws -> [OutboxRecords.Delivery] {
        try await store.withConnection { database in
            try await OutboxRecords(database).deliveries(merchantNo: merchantNo, status: status, limit: limit)
        }
    }

    /// Sends a callback again, under its own id, from now on.
    public func replay(eventID: String) async throws {
        let nowMs = clock.nowMs()
        let found = try await store.withConnection {
            try await OutboxRecords($0).replay(eventID: eventID, nowMs: nowMs)
        }
        guard found else { throw AdministrationError.callbackNotFound }
    }
}
