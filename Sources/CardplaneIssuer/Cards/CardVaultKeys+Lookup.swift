public import CardplaneCore
import CardplaneStore
import CardplaneVault

extension CardVaultKeys {
    /// The platform's number of the card whose PAN is `pan`, found by its keyed digest (the PAN is
    /// never searched in clear); `nil` when no card has it.
    public func cardNo(pan: PrimaryAccountNumber) async throws -> String? {
        let digest = try await vault().digest(of: pan)
        return try await store.withReader { try await CardSecretRecords($0).cardNo(panDigest: digest) }
    }
}
