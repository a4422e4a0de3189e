/// The JSON of callbacks to merchants, written by hand so its text is exact (spec §7, §13): object
/// keys sorted by code point, no whitespace, and amounts as plain decimal numbers with their stored
/// scale (`100.00`, never `100` or `1e2`), which a floating-point encoder cannot promise.
public indirect enum CallbackJSON: Sendable, Equatable {
    case string(String)
    /// A decimal number written exactly as given, e.g. `"100.00"` → `100.00`.
    case decimal(String)
    case integer(Int64)
    case bool(Bool)
    case null
    case array([CallbackJSON])
    case object([String: CallbackJSON])

    /// An amount as a JSON number with its scale.
    public static func amount(_ amount: Amount) -> CallbackJSON { .decimal(amount.description) }

    /// Compact text with sorted keys.
    public var text: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .string(let value): Self.writeString(value, to: &output)
        case .decimal(let value): output += value
        case .integer(let value): output += String(value)
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, key) in Self.sortedKeys(members).enumerated() {
                if index > 0 { output += "," }
                Self.writeString(key, to: &output)
                output += ":"
                members[key, default: .null].write(to: &output)
            }
            output += "}"
        }
    }

    /// Keys in Unicode code point order, which UTF-8 byte order is (Java's `TreeMap` of strings
    /// orders by UTF-16 code unit, which agrees for every key we write: ASCII snake_case).
    static func sortedKeys(_ members: [String: CallbackJSON]) -> [String] {
        members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Appends `value` as a JSON string literal (quoted, escaped as callback bodies are).
    public static func appendString(_ value: String, to output: inout String) {
        writeString(value, to: &output)
    }

    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        // Most strings need no escape: copy them whole.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            output += value
            output += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

/// The string a callback's `Signature` is computed over (spec §7.1, §13): `appId`, `timestamp` and
/// every non-null field of `data`, sorted by key, as `key=value` joined with `&`; strings as they are,
/// any other value as its compact JSON (``CallbackJSON/text``).
public enum CallbackSigningString {
    public static func make(appID: String, timestamp: String, data: [String: CallbackJSON]) -> String {
        var members = data.filter { $0.value != .null }
        members["appId"] = .string(appID)
        members["timestamp"] = .string(timestamp)
        return CallbackJSON.sortedKeys(members).map { key in
            switch members[key, default: .null] {
            case .string(let value): return "\(key)=\(value)"
            case let other: return "\(key)=\(other.text)"
            }
        }.joined(separator: "&")
    }
}
