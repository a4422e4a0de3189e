import CardplaneCore
public import CardplaneIssuer
import CardplaneStore
import CardplaneTelemetry
import CardplaneVault
public import ServiceLifecycle

extension CardplaneServices {
    /// What runs beside the server for as long as it serves: the store first (it is closed last),
    /// then the KYC, card production, callback and housekeeping workers, each watched by
    /// ``runningWorkers``.
    public var backgroundServices: [any Service] {
        [store] + Self.workerNames.map { name in runningWorkers.watching(worker(named: name), as: name) }
    }

    /// The background workers by name, as readiness reports the ones not running.
    static let workerNames = ["kyc", "card_production", "callbacks", "housekeeping"]

    private func worker(named name: String) -> any Service {
        switch name {
        case "kyc": kycWorker
        case "card_production": cardProduction
        case "callbacks": callbacks
        default: housekeeping
        }
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

    /// Whether the server can take traffic (`GET /readyz` on the operator listener).
    public func readiness() async -> Readiness {
        let reachable = await store.isReachable()
        let schemaIsCurrent = reachable ? ((try? await store.schemaIsCurrent()) ?? false) : false
        return Readiness(
            databaseReachable: reachable,
            schemaIsCurrent: schemaIsCurrent,
            startupFinished: await ready.isOpened,
            workersNotRunning: runningWorkers.missing(from: Self.workerNames)
        )
    }

    /// Reads the queues into their gauges, just before metrics are collected; when the database
    /// does not answer the gauges keep their last values (readiness reports the database).
    public func recordBacklog() async {
        guard monitoring.isEnabled else { return }
        let nowMs = clock.nowMs()
        if let backlog = try? await store.withReader({ try await BacklogRecords($0).backlog(nowMs: nowMs) }) {
            monitoring.metrics.record(backlog)
        }
    }
}

/// Whether the server can take traffic, and if not, why.
public struct Readiness: Sendable, Equatable {
    /// The database answered a trivial query.
    public var databaseReachable: Bool
    /// The database holds exactly this release's migrations.
    public var schemaIsCurrent: Bool
    /// Start-up work (migration, key check, demo data) finished.
    public var startupFinished: Bool
    /// Background workers whose run loop is not running.
    public var workersNotRunning: [String]

    /// Ready when every check holds.
    public var isReady: Bool {
        databaseReachable && schemaIsCurrent && startupFinished && workersNotRunning.isEmpty
    }
}
