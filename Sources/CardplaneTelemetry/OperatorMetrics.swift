public import CoreMetrics
import Synchronization

/// What an operator watches, made once per server through swift-metrics' `MetricsFactory`.
///
/// Every Cardplane metric is named here, so `docs/operating/metrics.md`, the Grafana dashboard and
/// the alert rules in `ops/` follow one list. The factory is the server's own (a Prometheus
/// registry the operator listener serves), never the process-wide `MetricsSystem`: each server —
/// and each test — counts only what it did. ``disabled`` records nothing (`serve --no-metrics`).
///
/// Labels take a bounded set of values only: matched route templates (never a raw path, which may
/// hold a card number), answer codes, outcomes and decline reasons. Nothing sensitive enters a
/// metric.
public final class OperatorMetrics: Sendable {
    /// Records nothing.
    public static let disabled = OperatorMetrics(factory: NOOPMetricsHandler.instance)

    let factory: any MetricsFactory
    /// Handles of labelled metrics by name and label values, so a request looks one up in a dictionary
    /// instead of building it through the factory again.
    private let counters = Mutex<[LabelledKey: Counter]>([:])
    private let timers = Mutex<[LabelledKey: Timer]>([:])
    /// Request durations by route and code: looked up on every request without building labels.
    private let requestTimers = Mutex<[RouteAndCode: Timer]>([:])

    let rateLimited: Counter
    let transfers: Counter
    let holds: Counter
    let merchantAnswers: Timer
    let merchantAnswerTimeouts: Counter
    let connectionsInUse: Meter
    let connectionWait: Timer
    let auditFailures: Counter
    let iso8583Connections: Meter
    let backlog: BacklogGauges

    public init(factory: any MetricsFactory) {
        self.factory = factory
        rateLimited = Counter(label: Name.rateLimited, factory: factory)
        transfers = Counter(label: Name.transfers, factory: factory)
        holds = Counter(label: Name.holds, factory: factory)
        merchantAnswers = Timer(label: Name.merchantAnswerDuration, factory: factory)
        merchantAnswerTimeouts = Counter(label: Name.merchantAnswerTimeouts, factory: factory)
        connectionsInUse = Meter(label: Name.databaseConnectionsInUse, factory: factory)
        connectionWait = Timer(label: Name.databaseConnectionWait, factory: factory)
        auditFailures = Counter(label: Name.auditAppendFailures, factory: factory)
        iso8583Connections = Meter(label: Name.iso8583Connections, factory: factory)
        backlog = BacklogGauges(factory: factory)
    }

    /// The counter `name` with `labels`, made on first use.
    func counter(_ name: String, _ labels: [(String, String)]) -> Counter {
        Self.cached(counters, LabelledKey(name: name, values: labels.map(\.1))) {
            Counter(label: name, dimensions: labels, factory: factory)
        }
    }

    /// The timer (a duration histogram) `name` with `labels`, made on first use.
    func timer(_ name: String, _ labels: [(String, String)]) -> Timer {
        Self.cached(timers, LabelledKey(name: name, values: labels.map(\.1))) {
            Timer(label: name, dimensions: labels, factory: factory)
        }
    }

    /// The request-duration timer of `route` and `code`, made on first use.
    func requestTimer(route: String, code: Int) -> Timer {
        Self.cached(requestTimers, RouteAndCode(route: route, code: code)) {
            timer(Name.requestDuration, [("route", route), ("code", String(code))])
        }
    }

    /// The handle under `key`, made by `make` the first time. Two callers racing may both make
    /// one: the factory hands both the same collector (the registry keys it by name and labels).
    private static func cached<Key: Hashable & Sendable, Metric: Sendable>(
        _ handles: borrowing Mutex<[Key: Metric]>,
        _ key: Key,
        make: () -> Metric
    ) -> Metric {
        if let metric = handles.withLock({ $0[key] }) { return metric }
        let metric = make()
        handles.withLock { $0[key] = metric }
        return metric
    }
}

/// A request timer's identity.
struct RouteAndCode: Hashable {
    var route: String
    var code: Int
}

/// A labelled metric's identity: its name and its label values in the order the call site names them.
struct LabelledKey: Hashable {
    var name: String
    var values: [String]
}

extension Timer {
    /// Records `duration`, in nanoseconds (histograms show seconds).
    func record(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000)
    }
}
