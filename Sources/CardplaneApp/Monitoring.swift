public import CardplaneTelemetry
import Prometheus

/// The server's metrics and where they are collected: a Prometheus registry of its own, which the
/// operator listener serves at `GET /metrics`, or nothing at all (`serve --no-metrics`).
public struct Monitoring: Sendable {
    /// Where the server records what it does.
    public let metrics: OperatorMetrics
    private let registry: PrometheusCollectorRegistry?

    /// Metrics off: nothing recorded, `/metrics` answers 404.
    public static let off = Monitoring(metrics: .disabled, registry: nil)

    /// Metrics in a new Prometheus registry, with duration buckets from 0.5 ms to 10 s.
    public static func prometheus() -> Monitoring {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .milliseconds(800), .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10),
        ]
        return Monitoring(metrics: OperatorMetrics(factory: factory), registry: registry)
    }

    /// `prometheus()` when `enabled`, else `off`.
    public static func make(enabled: Bool) -> Monitoring {
        enabled ? prometheus() : off
    }

    /// Whether metrics are recorded.
    public var isEnabled: Bool { registry != nil }

    /// Every metric in Prometheus' text format; `nil` when metrics are off.
    public func exposition() -> [UInt8]? {
        registry?.emitToBuffer()
    }
}

extension Monitoring {
    /// The outcome of a `ledger verify` run in Prometheus' text format, for node_exporter's textfile
    /// collector: the alert rules in `ops/` fire on problems and on a run that stopped happening.
    public static func ledgerVerification(problems: Int, finishedAtSeconds: Int64) -> [UInt8] {
        let registry = PrometheusCollectorRegistry()
        typealias Name = OperatorMetrics.Name
        let gauge = { (name: String, help: String) in
            registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help))
        }
        gauge(Name.ledgerVerifyProblems, "Problems the last `cardplane ledger verify` found (0 when clean).")
            .set(Double(problems))
        gauge(Name.ledgerVerifyFinished, "When the last `cardplane ledger verify` finished, in Unix seconds.")
            .set(Double(finishedAtSeconds))
        return registry.emitToBuffer()
    }
}
