public import CardplaneCore
public import CardplaneVault

/// The built-in provider: accepts every card at once, except for the documented test inputs
/// (spec §13, docs/decisions/0008):
///
/// - `card_unique_no` starting `sim_provider_fail`: the issuance is refused (4007);
/// - `card_unique_no` starting `sim_provider_timeout`: the issuance never answers (4007 after the
///   provider timeout);
/// - `card_unique_no` starting `sim_provider_unstable`: issued, but every later call (status change,
///   activation, PIN) is refused (4007).
public struct SimulatedCardProvider: CardProvider {
    public static let failPrefix = "sim_provider_fail"
    public static let timeoutPrefix = "sim_provider_timeout"
    public static let unstablePrefix = "sim_provider_unstable"

    /// References of unstable cards carry this mark, so later calls know to fail.
    static let unstableMark = "sim-unstable-"

    public init() {}

    public func issue(_ request: ProviderIssueRequest) async throws -> String {
        if request.cardUniqueNo.hasPrefix(Self.failPrefix) {
            throw CardProviderError(operation: "issue", reason: "simulated refusal")
        }
        if request.cardUniqueNo.hasPrefix(Self.timeoutPrefix) {
            // Never answers; the caller's deadline cancels the sleep.
            try await Task.sleep(for: .seconds(86_400))
        }
        let unstable = request.cardUniqueNo.hasPrefix(Self.unstablePrefix)
        return (unstable ? Self.unstableMark : "sim-") + request.cardNo
    }

    public func changeStatus(reference: String, to status: CardStatus) async throws {
        try requireStable(reference, operation: "status change")
    }

    public func activate(reference: String) async throws {
        try requireStable(reference, operation: "activation")
    }

    public func setPIN(reference: String, pinBlock: Sensitive<String>) async throws {
        try requireStable(reference, operation: "PIN")
    }

    private func requireStable(_ reference: String, operation: String) throws {
        guard !reference.hasPrefix(Self.unstableMark) else {
            throw CardProviderError(operation: operation, reason: "simulated refusal")
        }
    }
}
