/// A merchant: the platform's client, integrating through the Open API.
public struct Merchant: Sendable, Equatable {
    /// The public merchant number, e.g. `M20261125483920`.
    public var merchantNo: String
    public var name: String
    public var mode: IntegrationMode
    public var status: MerchantStatus
    /// Client addresses allowed to call the API, as CIDR blocks. Empty means no address is allowed.
    /// A set in meaning; kept without duplicates and sorted by text so equal lists compare equal.
    public var ipAllowlist: [CIDRBlock] {
        didSet { ipAllowlist = Self.normalized(ipAllowlist) }
    }
    /// Creation time, Unix milliseconds.
    public var createdAtMs: Int64

    public init(
        merchantNo: String,
        name: String,
        mode: IntegrationMode,
        status: MerchantStatus,
        ipAllowlist: [CIDRBlock],
        createdAtMs: Int64
    ) {
        self.merchantNo = merchantNo
        self.name = name
        self.mode = mode
        self.status = status
        self.ipAllowlist = Self.normalized(ipAllowlist)
        self.createdAtMs = createdAtMs
    }

    static func normalized(_ blocks: [CIDRBlock]) -> [CIDRBlock] {
        Array(Set(blocks)).sorted { $0.description < $1.description }
    }
}

/// The lifecycle of a merchant as operators manage it.
public enum MerchantStatus: String, Sendable, CaseIterable, Codable {
    /// May call the API.
    case enabled
    /// Suspended by an operator; answers 1022 until enabled again.
    case disabled
    /// Offboarded for good; the merchant no longer exists for the API (1021). Terminal.
    case closed

    /// The code a request from a merchant in this status is refused with, or `nil` when allowed.
    public var refusal: ErrorCode? {
        switch self {
        case .enabled: return nil
        case .disabled: return .merchantStatusAbnormal
        case .closed: return .merchantNotFound
        }
    }
}
