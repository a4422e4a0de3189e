/// How each data element is laid out on the wire: ISO 8583:1987 with the ASCII encodings of
/// pyiso8583's `default_ascii` spec — every element ASCII text, a variable one preceded by its
/// length in 2 (LLVAR) or 3 (LLLVAR) ASCII digits, a fixed one exactly its length.
public struct ISO8583Format: Sendable, Equatable {
    /// Digits of the length prefix: 0 for a fixed-length element, 2 or 3 for a variable one.
    public let lengthDigits: Int
    /// The fixed length, or the longest a variable element may be.
    public let maxLength: Int

    /// The format of data element `number` (2…128); bitmaps (1, and the primary) are read apart.
    public static func of(_ number: Int) -> ISO8583Format? {
        guard (1...128).contains(number) else { return nil }
        let (digits, length) = table[number - 1]
        return ISO8583Format(lengthDigits: digits, maxLength: length)
    }

    /// Elements 1…128: (length digits, length).
    static let table: [(Int, Int)] = [
        (0, 16), (2, 19), (0, 6), (0, 12), (0, 12), (0, 12), (0, 10), (0, 8), (0, 8), (0, 8),  // 1-10
        (0, 6), (0, 6), (0, 4), (0, 4), (0, 4), (0, 4), (0, 4), (0, 4), (0, 3), (0, 3),  // 11-20
        (0, 3), (0, 3), (0, 3), (0, 3), (0, 2), (0, 2), (0, 1), (0, 9), (0, 9), (0, 9),  // 21-30
        (0, 9), (2, 11), (2, 11), (2, 28), (2, 37), (3, 104), (0, 12), (0, 6), (0, 2), (0, 3),  // 31-40
        (0, 8), (0, 15), (0, 40), (2, 25), (2, 76), (3, 999), (3, 999), (3, 999), (0, 3), (0, 3),  // 41-50
        (0, 3), (0, 16), (0, 16), (3, 240), (3, 510), (3, 999), (3, 999), (3, 999), (3, 999), (3, 999),  // 51-60
        (3, 999), (3, 999), (3, 999), (0, 16), (0, 16), (0, 1), (0, 2), (0, 3), (0, 3), (0, 3),  // 61-70
        (0, 4), (0, 4), (0, 6), (0, 10), (0, 10), (0, 10), (0, 10), (0, 10), (0, 10), (0, 10),  // 71-80
        (0, 10), (0, 12), (0, 12), (0, 12), (0, 12), (0, 16), (0, 16), (0, 16), (0, 16), (0, 42),  // 81-90
        (0, 1), (0, 2), (0, 5), (0, 7), (0, 42), (0, 16), (0, 17), (0, 25), (2, 11), (2, 11),  // 91-100
        (2, 17), (2, 28), (2, 28), (3, 100), (3, 999), (3, 999), (3, 999), (3, 999), (3, 999), (3, 999),  // 101-110
        (3, 999), (3, 999), (3, 999), (3, 999), (3, 999), (3, 999), (3, 999), (3, 999), (3, 999), (3, 999),  // 111-120
        (3, 999), (3, 999), (3, 999), (3, 999), (3, 999), (3, 999), (3, 999), (0, 16),  // 121-128
    ]
}
