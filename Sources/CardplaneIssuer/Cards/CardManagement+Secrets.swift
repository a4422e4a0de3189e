public import CardplaneCore
import CardplaneNetwork
import CardplaneStore
import CardplaneVault
import Foundation
import Logging

extension CardManagement {
    /// Activates a produced physical card (spec §4.8) with its CVV, encrypted with the apiSecret.
    ///
    /// Checks in order (after the body's 1004s): 4004 no such card; 2002 no such cardholder;
    /// 4004 the card is not the cardholder's; 4014 virtual card; 4008 the package activates in the
    /// merchant's app only; 4005 card not `ToActivate`, or its activation locked; 4018 no usable
    /// credential; 4019 the CVV does not decrypt; 1004 `cvv` not 3 digits; 1004 `card_last_no` not
    /// the card's; 4012 no card data in the vault; 1004 `cvv` not the card's (counted: the
    /// ``Limits/activationWrongCVVsMax``-th locks activation and tells the merchant by `Card_update`);
    /// 4007 the provider refused.
    public func activate(
        cardNo: String,
        cardholderNo: String,
        encryptedCVV: String,
        lastFour: String,
        merchantNo: String
    ) async throws -> Card {
        let card = try await requireOwnedCard(no: cardNo, cardholderNo: cardholderNo, merchantNo: merchantNo)
        guard card.cardType == .physical else { throw CardplaneError(.activationNotSupported) }
        if let packageNo = card.packageNo {
            let package = try await store.withConnection { try await CatalogRecords($0).package(no: packageNo) }
            if package?.package.activation == .merchantApp { throw CardplaneError(.activationInMerchantAppOnly) }
        }
        guard card.status == .toActivate else { throw CardplaneError(.cardStatusDoesNotAllow) }
        let lockedAtMs = try await store.withConnection {
            try await CardRecords($0).activationLockedAtMs(cardNo: card.cardNo)
        }
        guard lockedAtMs == nil else { throw CardplaneError(.cardStatusDoesNotAllow) }
        let cipher = try await credentials.currentCipher(merchantNo: merchantNo)
        let cvv: Sensitive<String>
        do { cvv = try cipher.decrypt(encryptedCVV) } catch { throw CardplaneError(.cvvDecryptionFailed) }
        let cvvText = cvv.reveal()
        guard cvvText.count == 3, cvvText.allSatisfy(\.isASCIIDigit) else {
            throw CardplaneError.invalidParameter("cvv")
        }
        guard ConstantTime.equals(Array(lastFour.utf8), Array(card.lastFour.utf8)) else {
            throw CardplaneError.invalidParameter("card_last_no")
        }
        let secrets = try await openSecrets(of: card)
        guard secrets.cvv == cvv else {
            try await countWrongCVV(card)
            throw CardplaneError.invalidParameter("cvv")
        }
        try await callProvider(card, operation: "activation") { provider, reference in
            try await provider.activate(reference: reference)
        }
        return try await transition(card, to: .activated, reason: "activated by cardholder")
    }

    /// Counts a wrong CVV; the one that locks activation also records a `Card_update` event (the
    /// status stays `ToActivate`, the reason says why) so the merchant learns of it.
    func countWrongCVV(_ card: Card) async throws {
        let nowMs = clock.nowMs()
        let locked = try await store.withTransaction { database -> Card? in
            let limit = Limits.activationWrongCVVsMax
            guard
                let locked = try await CardRecords(database).recordWrongCVV(
                    cardNo: card.cardNo,
                    locksAt: limit,
                    nowMs: nowMs
                )
            else { return nil }
            let reason = "activation locked after \(limit) wrong CVVs; ask the operator to unlock it"
            try await CardEvents.record(
                .init(before: card.status, after: card.status, reason: reason),
                of: locked,
                in: database
            )
            return locked
        }
        if locked != nil {
            logger.warning("card activation locked after wrong CVVs", metadata: ["card_no": .string(card.cardNo)])
        }
    }

    /// Sets a physical card's PIN (spec §4.10), encrypted with the apiSecret.
    ///
    /// Checks in order (after the body's 1004s): 4004 no such card; 2002 no such cardholder;
    /// 4004 the card is not the cardholder's; 4017 not a physical card; 4005 card not `Activated`;
    /// 4018 no usable credential; 4015 the PIN does not decrypt; 4016 PIN rule; 4012 no card data in
    /// the vault; 4007 the provider refused. Only the sealed ISO 9564 PIN block is stored.
    public func setPIN(cardNo: String, cardholderNo: String, encryptedPIN: String, merchantNo: String) async throws {
        let card = try await requireOwnedCard(no: cardNo, cardholderNo: cardholderNo, merchantNo: merchantNo)
        guard card.cardType == .physical else { throw CardplaneError(.pinNotSupportedForCard) }
        guard card.status == .activated else { throw CardplaneError(.cardStatusDoesNotAllow) }
        let cipher = try await credentials.currentCipher(merchantNo: merchantNo)
        let pin: Sensitive<String>
        do { pin = try cipher.decrypt(encryptedPIN) } catch { throw CardplaneError(.pinDecryptionFailed) }
        try PINRules.require(pin.reveal())
        let secrets = try await openSecrets(of: card)
        let vault = try await vaultKeys.vault()
        let block = CardVault.pinBlock(pin: pin, pan: secrets.pan)
        try await callProvider(card, operation: "PIN") { provider, reference in
            try await provider.setPIN(reference: reference, pinBlock: block)
        }
        let sealed = try vault.seal(block, field: .pinBlock, cardNo: card.cardNo)
        let nowMs = clock.nowMs()
        try await store.withConnection { database in
            try await CardSecretRecords(database).setPINBlock(cardNo: card.cardNo, sealed: sealed, nowMs: nowMs)
        }
    }

    /// The card's number, CVV and expiry as JSON encrypted with the apiSecret (spec §4.7).
    ///
    /// Checks in order: 1013 PCI display off for the merchant; 4004 no such card; 4005 card deleted;
    /// 4012 no card data (the application failed, or the provider has not accepted it yet);
    /// 4018 no usable credential.
    public func privateInfo(cardNo: String, merchantNo: String) async throws -> String {
        let enabled = try await store.withConnection {
            try await MerchantRecords($0).pciDisplay(merchantNo: merchantNo)
        }
        guard enabled else { throw CardplaneError(.pciDisplayNotEnabled) }
        let card = try await requireCard(no: cardNo, merchantNo: merchantNo)
        guard card.status != .delete else { throw CardplaneError(.cardStatusDoesNotAllow) }
        let accepted = try await store.withConnection { try await CardRecords($0).providerReference(cardNo: cardNo) }
        guard accepted != nil, card.status != .fail else { throw CardplaneError(.cardInformationNotFound) }
        let cipher = try await credentials.currentCipher(merchantNo: merchantNo)
        let secrets = try await openSecrets(of: card)
        let info = PrivateInfo(
            cardNo: card.cardNo,
            cardUniqueNo: card.cardUniqueNo,
            cvv: secrets.cvv.reveal(),
            pan: secrets.pan.digits,
            expYear: secrets.expiryYear,
            expMonth: secrets.expiryMonth
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return cipher.encrypt(Sensitive(String(decoding: try encoder.encode(info), as: UTF8.self)))
    }

    struct PrivateInfo: Encodable {
        var cardNo, cardUniqueNo, cvv, pan, expYear, expMonth: String

        enum CodingKeys: String, CodingKey {
            case cardNo = "card_no"
            case cardUniqueNo = "card_unique_no"
            case cvv, pan
            case expYear = "exp_year"
            case expMonth = "exp_month"
        }
    }

    /// The card's opened secrets.
    struct OpenedSecrets: Sendable {
        var pan: PrimaryAccountNumber
        var cvv: Sensitive<String>
        var expiryMonth: String
        var expiryYear: String
    }

    /// Opens the card's PAN, CVV and expiry from the vault.
    ///
    /// - Throws: 4012 when the vault has no data for the card.
    func openSecrets(of card: Card) async throws -> OpenedSecrets {
        let sealed = try await store.withConnection { try await CardSecretRecords($0).sealed(cardNo: card.cardNo) }
        guard let sealed, let sealedPAN = sealed.pan, let sealedCVV = sealed.cvv, let sealedExpiry = sealed.expiry
        else { throw CardplaneError(.cardInformationNotFound) }
        var vault = try await vaultKeys.vault()
        let panText: Sensitive<String>
        do {
            panText = try vault.open(sealedPAN, field: .pan, cardNo: card.cardNo)
        } catch {
            // Sealed under a data key another process added: load the keys again, once.
            vault = try await vaultKeys.reload()
            panText = try vault.open(sealedPAN, field: .pan, cardNo: card.cardNo)
        }
        let expiry = try vault.open(sealedExpiry, field: .expiry, cardNo: card.cardNo).reveal().split(separator: "/")
        guard let pan = PrimaryAccountNumber(panText.reveal()), expiry.count == 2 else {
            throw CardplaneError(.cardInformationNotFound)
        }
        return OpenedSecrets(
            pan: pan,
            cvv: try vault.open(sealedCVV, field: .cvv, cardNo: card.cardNo),
            expiryMonth: String(expiry[0]),
            expiryYear: String(expiry[1])
        )
    }

    /// The merchant's card when `cardholderNo` owns it: 4004, 2002, or 4004 for another cardholder's.
    func requireOwnedCard(no cardNo: String, cardholderNo: String, merchantNo: String) async throws -> Card {
        let card = try await requireCard(no: cardNo, merchantNo: merchantNo)
        _ = try await cardholders.requireCardholder(no: cardholderNo, merchantNo: merchantNo)
        guard card.cardholderNo == cardholderNo else { throw CardplaneError(.cardNotFound) }
        return card
    }
}
