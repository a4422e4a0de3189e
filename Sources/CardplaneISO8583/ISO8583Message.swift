/// One ISO 8583:1987 message: its message type indicator and its data elements by number, each as
/// the ASCII text the wire carries (see ``ISO8583Format``).
public struct ISO8583Message: Sendable, Equatable {
    /// Four digits: version, class, function, origin (`0100`, `0110`, …).
    public var mti: String
    /// Data elements 2…128 present; the bitmaps are derived from these when encoding.
    public var fields: [Int: String]

    public init(mti: String, fields: [Int: String] = [:]) {
        self.mti = mti
        self.fields = fields
    }

    public subscript(_ number: Int) -> String? {
        get { fields[number] }
        set { fields[number] = newValue }
    }

    /// The response's type: the function digit plus one, answering a repeat as its original
    /// (`0100` → `0110`, `0800` → `0810`, the repeated advice `0221` → `0230`); `nil` for a type
    /// that is itself a response or not four digits.
    public static func responseType(of mti: String) -> String? {
        let digits = Array(mti.utf8)
        guard digits.count == 4, digits.allSatisfy(\.isASCIIDigit), (digits[2] - 0x30).isMultiple(of: 2) else {
            return nil
        }
        var response = Array(originalType(of: mti).utf8)
        response[2] += 1
        return String(decoding: response, as: UTF8.self)
    }

    /// The type a repeat repeats: the origin digit's repeat bit cleared (`0221` → `0220`, `0401` →
    /// `0400`, `0103` → `0102`); any other type as it is. A sender repeats a message it had no
    /// answer to; the repeat is the same message and is answered as the original.
    public static func originalType(of mti: String) -> String {
        var digits = Array(mti.utf8)
        guard digits.count == 4, digits.allSatisfy(\.isASCIIDigit) else { return mti }
        digits[3] = 0x30 + (digits[3] - 0x30) / 2 * 2
        return String(decoding: digits, as: UTF8.self)
    }
}

/// Why a message could not be read or written. `mti` is set when the type could be read, so the
/// answer can be that type's response with code `30` (format error).
public struct ISO8583Error: Error, Sendable, Equatable, CustomStringConvertible {
    public var mti: String?
    public var reason: String

    public init(mti: String?, reason: String) {
        self.mti = mti
        self.reason = reason
    }

    public var description: String { "ISO 8583 format error: \(reason)" }
}

extension ISO8583Message {
    /// Reads a message (without its length prefix). Every element must be ASCII, of its format's
    /// length, with digits where a length prefix stands; nothing may follow the last element.
    public init(decoding bytes: some Collection<UInt8>) throws(ISO8583Error) {
        var reader = Reader(bytes: Array(bytes))
        guard let mti = reader.take(4), mti.utf8.allSatisfy(\.isASCIIDigit) else {
            throw ISO8583Error(mti: nil, reason: "no message type")
        }
        func fail(_ reason: String) -> ISO8583Error { ISO8583Error(mti: mti, reason: reason) }
        guard let primary = reader.take(16).flatMap(Self.bitmap(hex:)) else { throw fail("bad primary bitmap") }
        var present = primary
        if primary.contains(1) {
            guard let secondary = reader.take(16).flatMap(Self.bitmap(hex:)) else {
                throw fail("bad secondary bitmap")
            }
            present += secondary.map { $0 + 64 }
        }
        var fields: [Int: String] = [:]
        for number in present where number != 1 {
            guard let format = ISO8583Format.of(number) else { throw fail("no element \(number)") }
            var length = format.maxLength
            if format.lengthDigits > 0 {
                guard let prefix = reader.take(format.lengthDigits), prefix.utf8.allSatisfy(\.isASCIIDigit),
                    let declared = Int(prefix), declared <= format.maxLength
                else { throw fail("bad length of element \(number)") }
                length = declared
            }
            guard let value = reader.take(length) else { throw fail("element \(number) is cut short") }
            fields[number] = value
        }
        guard reader.isAtEnd else { throw fail("bytes after the last element") }
        self.init(mti: mti, fields: fields)
    }

    /// The message's bytes (without the length prefix): type, bitmaps, then each element.
    public func encoded() throws(ISO8583Error) -> [UInt8] {
        guard mti.utf8.count == 4, mti.utf8.allSatisfy(\.isASCIIDigit) else {
            throw ISO8583Error(mti: nil, reason: "bad message type \(mti)")
        }
        let numbers = fields.keys.sorted()
        guard numbers.allSatisfy({ (2...128).contains($0) }) else {
            throw ISO8583Error(mti: mti, reason: "elements are 2…128")
        }
        let hasSecondary = numbers.contains { $0 > 64 }
        var bytes = Array(mti.utf8)
        bytes += Self.hex(bitmap: Set(numbers.filter { $0 <= 64 } + (hasSecondary ? [1] : [])), offset: 0)
        if hasSecondary { bytes += Self.hex(bitmap: Set(numbers.filter { $0 > 64 }), offset: 64) }
        for number in numbers {
            guard let format = ISO8583Format.of(number), let value = fields[number] else { continue }
            let text = Array(value.utf8)
            guard text.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
                throw ISO8583Error(mti: mti, reason: "element \(number) is not printable ASCII")
            }
            if format.lengthDigits == 0 {
                guard text.count == format.maxLength else {
                    throw ISO8583Error(mti: mti, reason: "element \(number) must be \(format.maxLength) long")
                }
            } else {
                guard text.count <= format.maxLength else {
                    throw ISO8583Error(mti: mti, reason: "element \(number) is longer than \(format.maxLength)")
                }
                let digits = String(text.count)
                bytes += Array((String(repeating: "0", count: format.lengthDigits - digits.count) + digits).utf8)
            }
            bytes += text
        }
        return bytes
    }

    /// The element numbers set in a 16-digit hex bitmap (1…64, most significant bit first).
    static func bitmap(hex: String) -> [Int]? {
        guard hex.utf8.count == 16, let value = UInt64(hex, radix: 16) else { return nil }
        return (1...64).filter { value & (1 << UInt64(64 - $0)) != 0 }
    }

    /// A bitmap of `numbers` (each `offset + 1…64`) as 16 uppercase hex digits.
    static func hex(bitmap numbers: Set<Int>, offset: Int) -> [UInt8] {
        var value: UInt64 = 0
        for number in numbers { value |= 1 << UInt64(64 - (number - offset)) }
        let digits = String(value, radix: 16, uppercase: true)
        return Array((String(repeating: "0", count: 16 - digits.count) + digits).utf8)
    }

    /// Reads ASCII text off the front of the bytes.
    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        /// The next `count` bytes as text, when there are that many and all are printable ASCII.
        mutating func take(_ count: Int) -> String? {
            guard count >= 0, bytes.count - offset >= count else { return nil }
            let slice = bytes[offset..<offset + count]
            guard slice.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
            offset += count
            return String(decoding: slice, as: UTF8.self)
        }
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { (0x30...0x39).contains(self) }
}
