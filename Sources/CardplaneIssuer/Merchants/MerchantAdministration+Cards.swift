import CardplaneStore

extension MerchantAdministration {
    /// Lets a card whose activation locked after wrong CVVs be activated again, with a fresh count.
    ///
    /// - Throws: ``AdministrationError/cardNotFound``.
    public func unlockActivation(cardNo: String) async throws {
        let found = try await store.withConnection { try await CardRecords($0).unlockActivation(cardNo: cardNo) }
        guard found else { throw AdministrationError.cardNotFound }
    }
}
