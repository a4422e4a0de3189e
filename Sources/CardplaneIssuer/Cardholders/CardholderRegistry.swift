public import CardplaneCore
public import CardplaneStore
public import CardplaneVault
import Foundation

/// Onboarding cardholders with shared KYC (spec §4.1–4.3): apply, update, list, info.
///
/// Apply checks, in order (the body's own 1004s come first, in ``CardholderApplication``):
/// create — 2001 unique number used by this merchant, 2006 share token not resolvable;
/// update — 2002 no such cardholder for this merchant, 2011 unique number differs,
/// 2003 already approved, 2004 verification pending or in progress, 2006 share token not resolvable.
public struct CardholderRegistry: Sendable {
    let store: Store
    let sealer: SecretSealer
    let provider: any KYCProvider
    let clock: any WallClock

    public init(store: Store, sealer: SecretSealer, provider: any KYCProvider, clock: any WallClock) {
        self.store = store
        self.sealer = sealer
        self.provider = provider
        self.clock = clock
    }

    /// Creates a cardholder, or re-applies a rejected one when `cardholder_no` is given.
    public func apply(_ application: CardholderApplication, merchantNo: String) async throws -> Cardholder {
        if let cardholderNo = application.cardholderNo {
            return try await reapply(application, cardholderNo: cardholderNo, merchantNo: merchantNo)
        }
        let existing = try await store.withConnection { database in
            try await CardholderRecords(database).cardholder(
                merchantNo: merchantNo,
                uniqueNo: application.cardholderUniqueNo
            )
        }
        guard existing == nil else { throw CardplaneError(.cardholderExists) }
        let applicant = try await resolve(application.shareToken)
        for _ in 0..<Limits.uniqueNumberAttemptsMax {
            if let created = try await create(application, applicant: applicant, merchantNo: merchantNo) {
                return created
            }
        }
        throw StoreError.uniqueNumberExhausted(table: "cardholder")
    }

    /// The merchant's cardholder, or 2002.
    public func requireCardholder(no cardholderNo: String, merchantNo: String) async throws -> Cardholder {
        let found = try await store.withReader { database in
            try await CardholderRecords(database).cardholder(no: cardholderNo, merchantNo: merchantNo)
        }
        guard let found else { throw CardplaneError(.cardholderNotFound) }
        return found
    }

    /// The merchant's cardholders created within `range`, newest first.
    public func list(
        merchantNo: String,
        cardholderNo: String?,
        uniqueNo: String?,
        range: TimeRange,
        page: PageRequest
    ) async throws -> Page<Cardholder> {
        let countedUntil = try await store.listCountedUntil(.cardholders)
        return try await store.withReader { database in
            try await CardholderRecords(database).list(
                merchantNo: merchantNo,
                cardholderNo: cardholderNo,
                uniqueNo: uniqueNo,
                range: range,
                page: page,
                countedUntil: countedUntil
            )
        }
    }

    /// The applicant behind the token, or 2006: unknown token, vendor unreachable, slower than
    /// ``Limits/kycProviderTimeoutMs``, or failing in any other way.
    func resolve(_ shareToken: String) async throws -> KYCApplicant {
        let provider = self.provider
        do {
            return try await withDeadline(milliseconds: Limits.kycProviderTimeoutMs) {
                try await provider.applicant(shareToken: Sensitive(shareToken))
            }
        } catch {
            throw CardplaneError(.kycInformationUnavailable)
        }
    }

    /// The associated data the applicant is sealed with: its cardholder's number.
    public static func applicantContext(cardholderNo: String) -> String {
        "cardholder.sealed_applicant:\(cardholderNo)"
    }

    func seal(_ applicant: KYCApplicant, cardholderNo: String) throws -> String {
        let json = String(decoding: try JSONEncoder().encode(applicant), as: UTF8.self)
        return try sealer.seal(Sensitive(json), context: Self.applicantContext(cardholderNo: cardholderNo))
    }
}
