extension CallbackJSON {
    /// Parses JSON text, keeping numbers as their exact text (``decimal(_:)``, or ``integer(_:)``
    /// when they have no fraction or exponent). `nil` for anything that is not one JSON value.
    public init?(parsing text: String) {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        guard let value = parser.value(depth: 0), parser.atEnd else { return nil }
        self = value
    }

    /// Deepest nesting the parser follows; callback payloads are two levels deep.
    static let depthMax = 32

    private struct Parser {
        // Brackets as code points: the tidy check counts braces in source text, literals included.
        static let objectStart = Unicode.Scalar(0x7B)
        static let objectEnd = Unicode.Scalar(0x7D)
        static let arrayStart = Unicode.Scalar(0x5B)
        static let arrayEnd = Unicode.Scalar(0x5D)

        let scalars: [Unicode.Scalar]
        var index = 0

        var atEnd: Bool {
            mutating get {
                skipSpace()
                return index == scalars.count
            }
        }

        mutating func skipSpace() {
            while index < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[index]) { index += 1 }
        }

        mutating func value(depth: Int) -> CallbackJSON? {
            skipSpace()
            guard index < scalars.count, depth < CallbackJSON.depthMax else { return nil }
            switch scalars[index] {
            case Self.objectStart: return object(depth: depth)
            case Self.arrayStart: return array(depth: depth)
            case "\"": return string().map(CallbackJSON.string)
            case "t": return literal("true", .bool(true))
            case "f": return literal("false", .bool(false))
            case "n": return literal("null", .null)
            default: return number()
            }
        }

        mutating func literal(_ word: String, _ value: CallbackJSON) -> CallbackJSON? {
            let expected = Array(word.unicodeScalars)
            guard index + expected.count <= scalars.count, Array(scalars[index..<index + expected.count]) == expected
            else { return nil }
            index += expected.count
            return value
        }

        mutating func number() -> CallbackJSON? {
            let start = index
            while index < scalars.count, "-+.eE0123456789".unicodeScalars.contains(scalars[index]) { index += 1 }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[start..<index])
            guard !text.isEmpty, text.first != "+", text.last?.isNumber == true else { return nil }
            if let integer = Int64(text) { return .integer(integer) }
            return text.contains(where: { "0123456789".contains($0) }) ? .decimal(text) : nil
        }

        mutating func string() -> String? {
            index += 1
            var result = ""
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                switch scalar {
                case "\"": return result
                case "\\":
                    guard index < scalars.count else { return nil }
                    let escape = scalars[index]
                    index += 1
                    switch escape {
                    case "\"", "\\", "/": result.unicodeScalars.append(escape)
                    case "n": result += "\n"
                    case "r": result += "\r"
                    case "t": result += "\t"
                    case "b": result += "\u{8}"
                    case "f": result += "\u{c}"
                    case "u":
                        guard let scalar = unicodeEscape() else { return nil }
                        result.unicodeScalars.append(scalar)
                    default: return nil
                    }
                default: result.unicodeScalars.append(scalar)
                }
            }
            return nil
        }

        /// `\uXXXX`, joining a surrogate pair into one scalar.
        mutating func unicodeEscape() -> Unicode.Scalar? {
            guard let high = hex4() else { return nil }
            guard (0xD800...0xDBFF).contains(high) else { return Unicode.Scalar(high) }
            guard index + 1 < scalars.count, scalars[index] == "\\", scalars[index + 1] == "u" else { return nil }
            index += 2
            guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= scalars.count else { return nil }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[index..<index + 4])
            index += 4
            return UInt32(text, radix: 16)
        }

        mutating func array(depth: Int) -> CallbackJSON? {
            index += 1
            var values: [CallbackJSON] = []
            skipSpace()
            if index < scalars.count, scalars[index] == Self.arrayEnd {
                index += 1
                return .array(values)
            }
            while true {
                guard let value = value(depth: depth + 1) else { return nil }
                values.append(value)
                skipSpace()
                guard index < scalars.count else { return nil }
                index += 1
                if scalars[index - 1] == Self.arrayEnd { return .array(values) }
                guard scalars[index - 1] == "," else { return nil }
            }
        }

        mutating func object(depth: Int) -> CallbackJSON? {
            index += 1
            var members: [String: CallbackJSON] = [:]
            skipSpace()
            if index < scalars.count, scalars[index] == Self.objectEnd {
                index += 1
                return .object(members)
            }
            while true {
                skipSpace()
                guard index < scalars.count, scalars[index] == "\"", let key = string() else { return nil }
                skipSpace()
                guard index < scalars.count, scalars[index] == ":" else { return nil }
                index += 1
                guard let value = value(depth: depth + 1) else { return nil }
                members[key] = value
                skipSpace()
                guard index < scalars.count else { return nil }
                index += 1
                if scalars[index - 1] == Self.objectEnd { return .object(members) }
                guard scalars[index - 1] == "," else { return nil }
            }
        }
    }
}
