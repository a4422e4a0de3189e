/// What a cardholder does with the card at the network: buy something, or take cash out of an ATM.
///
/// The consumption it produces has type `Consumption` or `Atm` (spec §8.4).
public enum SpendKind: String, Sendable, CaseIterable {
    case purchase
    case atm

    /// The consumption type (spec §8.4) this spend is recorded as.
    public var consumptionType: ConsumptionType {
        switch self {
        case .purchase: return .consumption
        case .atm: return .atm
        }
    }
}
