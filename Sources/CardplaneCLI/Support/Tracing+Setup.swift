import ArgumentParser
import Foundation
import Instrumentation
import Logging
import OTel
import ServiceLifecycle

/// OpenTelemetry traces for `serve --otel-endpoint` (ADR 0021): spans exported over OTLP/HTTP by
/// swift-otel's tracer, bootstrapped as the process-wide tracer so Hummingbird's tracing middleware,
/// the store and the use cases all report to it; the request's trace id added to every log line.
enum TracingSetup {
    /// What tracing adds to the server: the exporter's background service and the log metadata.
    struct Enabled {
        let service: any Service
        let metadataProvider: Logger.MetadataProvider
    }

    /// Tracing to `endpoint` (`http(s)://host:port`, `/v1/traces` added when it has no path), or
    /// `nil` when no endpoint is set. The standard `OTEL_*` variables (`OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`,
    /// `OTEL_BSP_SCHEDULE_DELAY`, `OTEL_TRACES_SAMPLER`, …) adjust it.
    static func make(endpoint: String?) throws -> Enabled? {
        guard let endpoint else { return nil }
        guard let url = URL(string: endpoint), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ValidationError("--otel-endpoint must be an http or https URL, such as http://127.0.0.1:4318")
        }
        var configuration = OTel.Configuration.default
        configuration.serviceName = "cardplane"
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.otlpExporter.endpoint =
            url.path.isEmpty || url.path == "/"
            ? url.absoluteString.trimmingSuffix("/") + "/v1/traces" : endpoint
        let (tracer, service) = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(tracer)
        return Enabled(service: service, metadataProvider: OTel.makeLoggingMetadataProvider())
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
