/// Card status (spec §8.2) and the moves between them.
///
/// ```
///            provider ok (virtual)                 activation
/// Pending ───────────────────────────▶ Activated ◀──────────── ToActivate
///    │  └─ provider ok (physical) ─▶ Pending ─ produced ─▶ ToActivate
///    └─ provider failed ─▶ Fail                   │  ▲
///                                        freeze   ▼  │ unfreeze
///                                              Frozen
/// Activated | Frozen ── delete ──▶ Delete (terminal)
/// ```
public enum CardStatus: String, Sendable, CaseIterable, Codable {
    /// Being issued, or (physical) being produced.
    case pending = "Pending"
    /// A physical card produced and waiting for the cardholder's activation.
    case toActivate = "ToActivate"
    /// Usable.
    case activated = "Activated"
    /// The application failed at the provider. Terminal.
    case fail = "Fail"
    case frozen = "Frozen"
    /// Deleted (cancelled). Terminal.
    case delete = "Delete"

    /// The statuses `card/status/update` accepts (spec §4.9).
    public static let requestable: Set<CardStatus> = [.activated, .frozen, .delete]

    /// Reads the `status` of `card/status/update`.
    ///
    /// - Throws: 4013 for any value outside `Activated`, `Frozen`, `Delete` (spec §13).
    public init(requested text: String) throws {
        guard let status = CardStatus(rawValue: text), Self.requestable.contains(status) else {
            throw CardplaneError(.cardStatusNotSupported)
        }
        self = status
    }

    /// Whether a merchant may move a card from this status to `target` (spec §13):
    /// `Activated ⇄ Frozen`, `Activated | Frozen → Delete`.
    public func allowsMerchantChange(to target: CardStatus) -> Bool {
        switch (self, target) {
        case (.activated, .frozen), (.frozen, .activated), (.activated, .delete), (.frozen, .delete): return true
        default: return false
        }
    }

    /// Checks a merchant's status change.
    ///
    /// - Throws: 4005 when the move is not allowed from this status.
    public func requireMerchantChange(to target: CardStatus) throws {
        guard allowsMerchantChange(to: target) else { throw CardplaneError(.cardStatusDoesNotAllow) }
    }

    /// The status after the provider confirmed an issuance: virtual cards are usable at once,
    /// physical cards stay `Pending` while they are produced.
    public static func afterIssuance(of type: CardType) -> CardStatus {
        type == .virtual ? .activated : .pending
    }
}
