/// A place in a list ordered newest first (spec §13 `next_cursor` / `cursor`): the creation time
/// and number of the last row a page showed. The next page holds the rows strictly after it in
/// `(time, number)` order, so rows inserted meanwhile — always newer — neither shift nor repeat a
/// row, however deep the merchant pages.
///
/// On the wire it is opaque: lowercase hex of `1.<time>.<number>`. A merchant sends back what it
/// received; anything else is 1004 `cursor`.
public struct ListCursor: Sendable, Hashable {
    /// The row's creation time, Unix milliseconds.
    public let timeMs: Int64
    /// The row's platform number (`consume_no`, `card_no`, …): the tie-breaker within a millisecond.
    public let id: String

    /// The longest number a cursor carries; platform numbers are far shorter.
    static let idLengthMax = 64

    public init(timeMs: Int64, id: String) {
        self.timeMs = timeMs
        self.id = id
    }

    /// The cursor as sent to the merchant.
    public var text: String {
        let plain = Array("1.\(timeMs).\(id)".utf8)
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(plain.count * 2)
        for byte in plain {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The cursor a merchant sent back.
    ///
    /// - Throws: 1004 `cursor` unless `text` is a cursor this server made (any version-1 cursor
    ///   with a non-negative time and a number of letters, digits, `_` and `-`).
    public init(text: String) throws {
        guard let plain = Self.unhex(text) else { throw CardplaneError.invalidParameter("cursor") }
        let parts = plain.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "1", let timeMs = Int64(parts[1]), timeMs >= 0,
            String(timeMs) == parts[1], (1...Self.idLengthMax).contains(parts[2].count),
            parts[2].utf8.allSatisfy(Self.isNumberCharacter)
        else { throw CardplaneError.invalidParameter("cursor") }
        self.timeMs = timeMs
        self.id = String(parts[2])
    }

    /// Letters, digits, `_` and `-`: what platform numbers are made of.
    private static func isNumberCharacter(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == 0x5F || byte == 0x2D
    }

    /// The text whose lowercase hex `hex` is, or `nil` when `hex` is not such hex of ASCII.
    private static func unhex(_ hex: String) -> String? {
        let digits = Array(hex.utf8)
        guard !digits.isEmpty, digits.count % 2 == 0, digits.count <= 2 * (Self.idLengthMax + 24) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            let byte = high << 4 | low
            guard byte < 0x80 else { return nil }
            bytes.append(byte)
            index += 2
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 0x30...0x39: digit - 0x30
        case 0x61...0x66: digit - 0x61 + 10
        default: nil
        }
    }
}
