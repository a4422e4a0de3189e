public import CardplaneCore
import CardplaneNetwork
import CardplaneStore

extension CardManagement {
    /// What an operator may do to a card (`cardplane card freeze|unfreeze`, the console).
    public enum OperatorAction: String, Sendable, CaseIterable {
        case freeze
        case unfreeze

        var target: CardStatus { self == .freeze ? .frozen : .activated }
    }

    /// Freezes or unfreezes any merchant's card for an operator: the checks, provider call and
    /// `Card_update` event of the merchant's own change, with the operator named as the reason.
    ///
    /// - Throws: 4004 no such card; 4005 not `Activated` (freeze) or `Frozen` (unfreeze); 4007
    ///   the provider refused.
    public func change(cardNo: String, _ action: OperatorAction, by operatorName: String) async throws -> Card {
        let card = try await store.withReader { try await CardRecords($0).card(no: cardNo) }
        guard let card else { throw CardplaneError(.cardNotFound) }
        try card.status.requireMerchantChange(to: action.target)
        try await callProvider(card, operation: "status change") { provider, reference in
            try await provider.changeStatus(reference: reference, to: action.target)
        }
        let reason = action == .freeze ? "frozen by operator \(operatorName)" : "unfrozen by operator \(operatorName)"
        return try await transition(card, to: action.target, reason: reason)
    }
}
