import CardplaneCore
public import CardplaneIssuer
import CardplaneStore
import CardplaneVault
public import ServiceLifecycle

extension CardplaneServices {
    /// What runs beside the server for as long as it serves: the store first (it is closed last),
    /// then the KYC, card production, callback and housekeeping workers.
    public var backgroundServices: [any Service] {
        [store, kycWorker, cardProduction, callbacks, housekeeping]
    }

    /// Brings the database up to date before the server accepts connections: migrates the schema
    /// and, when `createsDemoData`, gives an empty database the demo catalog and the demo merchant
    /// (handed to `announce`, which prints it once). Then opens ``ready`` for the workers.
    public func prepare(
        createsDemoData: Bool,
        announce: @Sendable (OnboardedMerchant) -> Void
    ) async throws {
        try await store.migrate(clock: clock)
        try await MasterKeyCheck.verify(store: store, keyRing: masterKeys.ringForSealing(), clock: clock)
        if createsDemoData {
            try await catalog.createDemoCatalogIfEmpty()
            if let demo = try await administration.createDemoMerchantIfEmpty() {
                try await catalog.assignEverything(to: demo.merchant.merchantNo, mode: demo.merchant.mode)
                try await administration.setPCIDisplay(true, merchantNo: demo.merchant.merchantNo)
                announce(demo)
            }
        }
        await ready.open()
    }

    /// Whether the database answers (`GET /healthz`).
    public func isDatabaseReachable() async -> Bool {
        await store.isReachable()
    }
}
