/// Card type (spec §8.3).
public enum CardType: String, Sendable, CaseIterable, Codable {
    case virtual = "Virtual"
    case physical = "Physical"
}

/// The card scheme a BIN belongs to (`organization` in the API).
public enum CardOrganization: String, Sendable, CaseIterable, Codable {
    case visa = "Visa"
    case mastercard = "Mastercard"
}

/// Whether a catalog entry (BIN, package) may be used for new cards.
public enum CatalogStatus: String, Sendable, CaseIterable, Codable {
    case enabled
    case disabled
}
