public import CardplaneCore
public import CardplaneVault

/// The upstream processor that makes cards real: it registers issued cards with the scheme,
/// produces physical cards, and applies status changes, activations and PINs.
///
/// Calls may be slow or fail; the issuer bounds each with a deadline and answers 4007 when the
/// provider refuses, errs or times out. Implementations must honour task cancellation.
public protocol CardProvider: Sendable {
    /// Registers a new card. Returns the provider's reference for later calls.
    func issue(_ request: ProviderIssueRequest) async throws -> String
    /// Applies a status change (freeze, unfreeze, delete) to the card `reference`.
    func changeStatus(reference: String, to status: CardStatus) async throws
    /// Activates a produced physical card.
    func activate(reference: String) async throws
    /// Sets the PIN, given as an ISO 9564 PIN block.
    func setPIN(reference: String, pinBlock: Sensitive<String>) async throws
}

/// What the provider needs to register a card. The PAN is the issuer's, generated in its vault.
public struct ProviderIssueRequest: Sendable {
    public var cardNo: String
    public var cardUniqueNo: String
    public var cardType: CardType
    public var bin: String
    public var secrets: CardSecrets

    public init(cardNo: String, cardUniqueNo: String, cardType: CardType, bin: String, secrets: CardSecrets) {
        self.cardNo = cardNo
        self.cardUniqueNo = cardUniqueNo
        self.cardType = cardType
        self.bin = bin
        self.secrets = secrets
    }
}

/// A provider's refusal. Its description names the operation only, never card data.
public struct CardProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    public var operation: String
    public var reason: String

    public init(operation: String, reason: String) {
        self.operation = operation
        self.reason = reason
    }

    public var description: String { "card provider refused \(operation): \(reason)" }
}
