/// A card BIN the platform issues on (spec §4.17): the first digits of its PANs, its scheme,
/// which card types and currencies it supports, and its spending caps.
public struct CardBIN: Sendable, Equatable {
    /// Platform number of the BIN, e.g. `B20261125000001` (`card_bin_no`).
    public var cardBinNo: String
    /// The BIN digits (6 or 8), the start of every PAN issued on it (`card_bin`).
    public var bin: String
    public var organization: CardOrganization
    public var supportsVirtual: Bool
    public var supportsPhysical: Bool
    /// ISO 4217 codes the BIN spends in, e.g. `["USD"]`.
    public var currencies: [String]
    public var balanceLimit: ConsumptionLimit
    /// ISO 3166-1 alpha-2 countries its cards may be issued to; empty means every country the
    /// platform supports (4011 outside them).
    public var countries: [String]
    public var status: CatalogStatus
    public var createdAtMs: Int64

    public init(
        cardBinNo: String,
        bin: String,
        organization: CardOrganization,
        supportsVirtual: Bool,
        supportsPhysical: Bool,
        currencies: [String],
        balanceLimit: ConsumptionLimit,
        countries: [String] = [],
        status: CatalogStatus,
        createdAtMs: Int64
    ) {
        precondition(Self.isValidBIN(bin), "a BIN is 6 or 8 digits")
        self.cardBinNo = cardBinNo
        self.bin = bin
        self.organization = organization
        self.supportsVirtual = supportsVirtual
        self.supportsPhysical = supportsPhysical
        self.currencies = currencies
        self.balanceLimit = balanceLimit
        self.countries = countries
        self.status = status
        self.createdAtMs = createdAtMs
    }

    /// Whether cards of this BIN may be issued to an address in `country` (alpha-2).
    public func issues(to country: String) -> Bool {
        countries.isEmpty || countries.contains(country)
    }

    /// Whether `text` is 6 or 8 decimal digits.
    public static func isValidBIN(_ text: String) -> Bool {
        (text.count == 6 || text.count == 8) && text.allSatisfy { ("0"..."9").contains($0) }
    }
}
