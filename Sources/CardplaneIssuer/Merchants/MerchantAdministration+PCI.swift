public import CardplaneCore
import CardplaneStore

extension MerchantAdministration {
    /// Changes the merchant's PCI card display: on/off, allowed parent origins, hosted host names and
    /// card style. A `nil` argument keeps what is set; lists replace the stored list.
    ///
    /// - Throws: ``AdministrationError/invalidPCISetting(_:)`` for a malformed origin, host, colour or
    ///   font, or too many entries; ``AdministrationError/merchantNotFound``.
    public func configurePCI(
        merchantNo: String,
        enabled: Bool?,
        origins: [String]?,
        hosts: [String]?,
        style: @escaping @Sendable (inout CardStyle) -> Void = { _ in }
    ) async throws -> PCIDisplaySettings {
        let normalizedOrigins = try origins.map { list in
            try list.map { origin in
                guard let normalized = PCIDisplaySettings.normalizedOrigin(origin) else {
                    throw AdministrationError.invalidPCISetting("\(origin) is not an http(s) origin")
                }
                return normalized
            }
        }
        let normalizedHosts = try hosts.map { list in
            try list.map { host in
                guard let normalized = PCIDisplaySettings.normalizedHost(host) else {
                    throw AdministrationError.invalidPCISetting("\(host) is not a host[:port]")
                }
                return normalized
            }
        }
        for list in [normalizedOrigins, normalizedHosts].compactMap({ $0 })
        where list.count > PCIDisplaySettings.entriesMax {
            throw AdministrationError.invalidPCISetting("at most \(PCIDisplaySettings.entriesMax) origins or hosts")
        }
        let nowMs = clock.nowMs()
        return try await store.withTransaction { database in
            guard try await MerchantRecords(database).merchant(no: merchantNo) != nil else {
                throw AdministrationError.merchantNotFound
            }
            let records = PCIRecords(database)
            var settings = try await records.settings(merchantNo: merchantNo)
            if let enabled {
                _ = try await MerchantRecords(database).setPCIDisplay(enabled, merchantNo: merchantNo, nowMs: nowMs)
                settings.enabled = enabled
            }
            if let normalizedOrigins { settings.allowedOrigins = Array(Set(normalizedOrigins)).sorted() }
            if let normalizedHosts { settings.hostedHosts = Array(Set(normalizedHosts)).sorted() }
            style(&settings.style)
            guard settings.style.isValid else {
                throw AdministrationError.invalidPCISetting(
                    "colours are #rrggbb; a font is 1-64 letters, digits, spaces"
                )
            }
            try await records.save(settings, merchantNo: merchantNo, nowMs: nowMs)
            return settings
        }
    }

    /// The merchant's PCI card display settings.
    public func pciSettings(merchantNo: String) async throws -> PCIDisplaySettings {
        _ = try await requireMerchant(no: merchantNo)
        return try await store.withConnection { try await PCIRecords($0).settings(merchantNo: merchantNo) }
    }
}
