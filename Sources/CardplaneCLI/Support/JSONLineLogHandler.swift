import CardplaneCore
import Foundation
import Logging
import NIOConcurrencyHelpers

/// Writes each log record as one JSON object on standard error: `time`, `level`, `label`,
/// `message` and the metadata as string fields, keys sorted — with tracing on, the request's
/// `trace_id` and `span_id` from the metadata provider. Machines parse it; `jq` makes it readable. Lines are encoded here, on the caller's thread, and written by ``LogSink``.
struct JSONLineLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var sink = LogSink.standardError

    init(label: String) {
        self.label = label
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = [String: String](minimumCapacity: 16)
        fields["time"] = Self.timestamp()
        fields["level"] = event.level.rawValue
        fields["label"] = label
        fields["message"] = event.message.description
        for (key, value) in metadata { fields[key] = value.description }
        for (key, value) in metadataProvider?.get() ?? [:] { fields[key] = value.description }
        for (key, value) in event.metadata ?? [:] { fields[key] = value.description }
        sink.write(Self.line(fields))
    }

    /// `{"key":"value",…}` and a newline: compact JSON with keys in code point order, its strings
    /// escaped by the same code as callback bodies (``CallbackJSON``), written straight into one
    /// string (every request logs a line: no JSON value is built first).
    static func line(_ fields: [String: String]) -> String {
        var output = "{"
        output.reserveCapacity(64 + fields.count * 32)
        for (index, field) in fields.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
            if index > 0 { output += "," }
            CallbackJSON.appendString(field.key, to: &output)
            output += ":"
            CallbackJSON.appendString(field.value, to: &output)
        }
        output += "}\n"
        return output
    }

    /// The last second formatted, shared by every line logged within it.
    private static let lastTimestamp = NIOLockedValueBox<(second: Int, text: String)>((-1, ""))

    /// The current UTC time to the second, ISO 8601: `2026-12-02T14:21:52Z`.
    static func timestamp() -> String {
        var seconds = time(nil)
        if let text = lastTimestamp.withLockedValue({ $0.second == seconds ? $0.text : nil }) { return text }
        let text = format(&seconds)
        lastTimestamp.withLockedValue { $0 = (seconds, text) }
        return text
    }

    private static func format(_ seconds: inout Int) -> String {
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
