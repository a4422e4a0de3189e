/// How a merchant integrates (spec §2): it funds cardholders itself, or approves each spend live.
public enum IntegrationMode: String, Sendable, CaseIterable, Codable {
    /// The merchant keeps a TUSDT reserve and moves funds to and from cardholder accounts.
    case creditExtension = "credit_extension"
    /// The platform asks the merchant to approve every card payment within 800 ms.
    case authorization = "authorization"

    /// The spelling of the source documentation (`CREDIT_EXTENSION`, `AUTHORIZATION`).
    public var apiName: String {
        switch self {
        case .creditExtension: return "CREDIT_EXTENSION"
        case .authorization: return "AUTHORIZATION"
        }
    }
}

/// Which merchants may call an endpoint (spec §4 catalogue, column "Mode").
public enum EndpointAudience: Sendable, Equatable {
    /// Every merchant, whatever its mode.
    case allModes
    /// Only merchants in the given mode; others get 1012.
    case only(IntegrationMode)

    /// Whether a merchant in `mode` may call the endpoint.
    public func admits(_ mode: IntegrationMode) -> Bool {
        switch self {
        case .allModes: return true
        case .only(let required): return required == mode
        }
    }
}
