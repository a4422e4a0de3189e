import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import SQLKit
import Testing

@Suite struct MerchantAdministrationTests {
    static func withAdministration(
        _ kind: StoreKind,
        _ body: @Sendable (MerchantAdministration, Store, SecretSealer) async throws -> Void
    ) async throws {
        try await TestDatabase.with(kind) { database in
            try await database.withStore { store in
                let sealer = SecretSealer(keyRing: .generate())
                try await body(MerchantAdministration(store: store, sealer: sealer, clock: TestClock()), store, sealer)
            }
        }
    }

    /// What is stored is a digest of the Api-Key and a sealed apiSecret that opens to the secret shown.
    @Test(arguments: StoreKind.available)
    func createdCredentialsAreStoredOnlyAsDigestAndSealedSecret(_ kind: StoreKind) async throws {
        try await Self.withAdministration(kind) { administration, store, sealer in
            let created = try await administration.createMerchant(
                name: "  Acme Wallet ",
                mode: .authorization,
                ipAllowlist: [CIDRBlock("10.0.0.0/8")!]
            )
            #expect(created.merchant.name == "Acme Wallet")
            #expect(created.merchant.merchantNo.hasPrefix("M") && created.merchant.merchantNo.count == 15)
            let row = try await store.withConnection { database in
                try await database.raw("SELECT key_digest, sealed_secret FROM api_key").first()
            }
            let digest = try #require(row).decode(column: "key_digest", as: String.self)
            let sealed = try #require(row).decode(column: "sealed_secret", as: String.self)
            #expect(digest == CredentialDigest.digest(created.credential.apiKey))
            #expect(!sealed.contains(created.credential.apiSecret.reveal()))
            let context = MerchantAdministration.secretContext(keyID: created.credential.key.id)
            #expect(try sealer.open(sealed, context: context) == created.credential.apiSecret)
        }
    }

    @Test(arguments: StoreKind.available)
    func operatorMistakesAreReported(_ kind: StoreKind) async throws {
        try await Self.withAdministration(kind) { administration, _, _ in
            await #expect(throws: AdministrationError.invalidName) {
                try await administration.createMerchant(name: "   ", mode: .authorization, ipAllowlist: [])
            }
            await #expect(throws: AdministrationError.merchantNotFound) {
                try await administration.setStatus(.disabled, merchantNo: "M0")
            }
            await #expect(throws: AdministrationError.merchantNotFound) {
                try await administration.createKey(merchantNo: "M0", expiresAtMs: nil)
            }
            let merchant = try await administration.createMerchant(name: "A", mode: .creditExtension, ipAllowlist: [])
            let merchantNo = merchant.merchant.merchantNo
            await #expect(throws: AdministrationError.expiryInPast) {
                try await administration.createKey(merchantNo: merchantNo, expiresAtMs: 1)
            }
            await #expect(throws: AdministrationError.keyNotFound) {
                try await administration.revokeKey(id: "key_missing", merchantNo: merchantNo)
            }
            await #expect(throws: AdministrationError.blockNotFound) {
                try await administration.disallow(CIDRBlock("10.0.0.1")!, merchantNo: merchantNo)
            }
            try await administration.setStatus(.closed, merchantNo: merchantNo)
            await #expect(throws: AdministrationError.merchantClosed) {
                try await administration.setStatus(.enabled, merchantNo: merchantNo)
            }
            await #expect(throws: AdministrationError.merchantClosed) {
                try await administration.createKey(merchantNo: merchantNo, expiresAtMs: nil)
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func keysAndAllowlistsAreManaged(_ kind: StoreKind) async throws {
        try await Self.withAdministration(kind) { administration, _, _ in
            let merchantNo = try await administration.createMerchant(name: "A", mode: .creditExtension, ipAllowlist: [])
                .merchant.merchantNo
            let second = try await administration.createKey(merchantNo: merchantNo, expiresAtMs: nil)
            try await administration.revokeKey(id: second.key.id, merchantNo: merchantNo)
            let statuses = try await administration.keys(merchantNo: merchantNo).map(\.status.rawValue).sorted()
            #expect(statuses == ["enabled", "revoked"])
            try await administration.allow(CIDRBlock("192.0.2.7")!, merchantNo: merchantNo)
            try await administration.allow(CIDRBlock("192.0.2.7")!, merchantNo: merchantNo)
            #expect(
                try await administration.requireMerchant(no: merchantNo).ipAllowlist == [CIDRBlock("192.0.2.7/32")!]
            )
            try await administration.disallow(CIDRBlock("192.0.2.7")!, merchantNo: merchantNo)
            #expect(try await administration.requireMerchant(no: merchantNo).ipAllowlist.isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func theDemoMerchantIsCreatedOnlyOnAnEmptyDatabase(_ kind: StoreKind) async throws {
        try await Self.withAdministration(kind) { administration, store, _ in
            let demo = try #require(try await administration.createDemoMerchantIfEmpty())
            #expect(demo.merchant.name == MerchantAdministration.demoMerchantName)
            #expect(demo.merchant.ipAllowlist.contains(CIDRBlock("127.0.0.0/8")!))
            #expect(try await administration.createDemoMerchantIfEmpty() == nil)
            let catalog = CardCatalog(store: store, clock: TestClock())
            #expect(try await catalog.createDemoCatalogIfEmpty())
            #expect(!(try await catalog.createDemoCatalogIfEmpty()))
            try await catalog.assignEverything(to: demo.merchant.merchantNo, mode: demo.merchant.mode)
            let packages = try await catalog.packages(
                merchantNo: demo.merchant.merchantNo,
                type: .virtual,
                packageNo: nil,
                page: PageRequest(page: nil, size: nil)
            )
            #expect(packages.total == 1 && packages.rows[0].bin == "411111")
        }
    }
}
