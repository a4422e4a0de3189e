import CoreMetrics

/// What waits in the server's queues at one moment: read from the database when metrics are
/// collected, since other processes on the same database fill and drain the same queues.
public struct Backlog: Sendable, Equatable {
    /// Callbacks not delivered yet.
    public var callbacksPending: Int
    /// Seconds since the oldest of them was created; 0 when none waits.
    public var oldestCallbackAgeSeconds: Double
    /// Callbacks that exhausted their retries.
    public var callbacksDead: Int
    /// Cardholders waiting for their KYC decision.
    public var kycPending: Int
    /// Physical cards in production.
    public var cardsInProduction: Int
    /// Holds not yet resolved.
    public var openHolds: Int

    public init(
        callbacksPending: Int,
        oldestCallbackAgeSeconds: Double,
        callbacksDead: Int,
        kycPending: Int,
        cardsInProduction: Int,
        openHolds: Int
    ) {
        self.callbacksPending = callbacksPending
        self.oldestCallbackAgeSeconds = oldestCallbackAgeSeconds
        self.callbacksDead = callbacksDead
        self.kycPending = kycPending
        self.cardsInProduction = cardsInProduction
        self.openHolds = openHolds
    }
}

/// The gauges a ``Backlog`` sets.
struct BacklogGauges: Sendable {
    let callbacksPending: Gauge
    let oldestCallbackAge: Gauge
    let callbacksDead: Gauge
    let kycPending: Gauge
    let cardsInProduction: Gauge
    let openHolds: Gauge

    init(factory: any MetricsFactory) {
        typealias Name = OperatorMetrics.Name
        callbacksPending = Gauge(label: Name.callbackQueueDepth, factory: factory)
        oldestCallbackAge = Gauge(label: Name.callbackOldestAge, factory: factory)
        callbacksDead = Gauge(label: Name.callbackDead, factory: factory)
        kycPending = Gauge(label: Name.kycQueueDepth, factory: factory)
        cardsInProduction = Gauge(label: Name.cardProductionQueueDepth, factory: factory)
        openHolds = Gauge(label: Name.openHolds, factory: factory)
    }

    func record(_ backlog: Backlog) {
        callbacksPending.record(backlog.callbacksPending)
        oldestCallbackAge.record(backlog.oldestCallbackAgeSeconds)
        callbacksDead.record(backlog.callbacksDead)
        kycPending.record(backlog.kycPending)
        cardsInProduction.record(backlog.cardsInProduction)
        openHolds.record(backlog.openHolds)
    }
}
