import CardplaneHTTP
import Hummingbird
import HummingbirdTesting

extension TestServer {
    /// `GET path` on the operator listener's routes (`/metrics`, `/readyz`), in process: the status
    /// and the body.
    public func operatorGet(_ path: String) async throws -> (status: Int, body: String) {
        let application = buildOperatorApplication(
            host: "127.0.0.1",
            port: 0,
            services: services,
            logger: TestLogging.logger
        )
        return try await application.test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                (Int(response.status.code), String(buffer: response.body))
            }
        }
    }

    /// The server's metrics as `/metrics` serves them.
    public func metrics() async throws -> PrometheusSamples {
        let (status, body) = try await operatorGet("/metrics")
        guard status == 200 else { throw EnvelopeReply.Unexpected(reply: "/metrics answered \(status): \(body)") }
        return PrometheusSamples(body)
    }
}

/// The samples of a Prometheus text exposition, looked up by name and exact label set.
public struct PrometheusSamples: Sendable {
    private var values: [Key: Double] = [:]
    /// The exposition as served.
    public let text: String

    struct Key: Hashable {
        var name: String
        var labels: [String: String]
    }

    /// Parses `name{label="value",…} number` lines; comments and blank lines are skipped.
    public init(_ text: String) {
        self.text = text
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else {
                values[Key(name: String(series), labels: [:])] = value
                continue
            }
            var labels: [String: String] = [:]
            for pair in series[series.index(after: brace)..<series.index(before: series.endIndex)]
                .split(separator: ",")
            {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
            }
            values[Key(name: String(series[..<brace]), labels: labels)] = value
        }
    }

    /// The sample `name` with exactly `labels`; `nil` when the server never recorded it.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        values[Key(name: name, labels: labels)]
    }

    /// The sample, or 0 when never recorded (a counter that has not moved).
    public func count(_ name: String, _ labels: [String: String] = [:]) -> Double {
        value(name, labels) ?? 0
    }
}
