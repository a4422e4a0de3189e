public import CardplaneCore
import CardplaneStore
import CardplaneVault

extension CardVaultKeys {
    /// The platform's number of the card whose PAN is `pan`, found by its keyed digest (the PAN is
    /// never searched in clear); `nil` when no card has it. A card's PAN never changes, so what was
    /// found is kept (by digest, never the PAN) for the next message of that card.
    public func cardNo(pan: PrimaryAccountNumber) async throws -> String? {
        let digest = try await vault().digest(of: pan)
        if let known = cardNumbers[digest] { return known }
        guard let found = try await store.withReader({ try await CardSecretRecords($0).cardNo(panDigest: digest) })
        else { return nil }
        if cardNumbers.count >= Self.cardNumbersMax { cardNumbers.removeAll() }
        cardNumbers[digest] = found
        return found
    }
}
