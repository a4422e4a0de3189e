/// The PIN rule of `card/pin/set` (spec §4.10, §13; code 4016).
public enum PINRules {
    public static let length = 6

    /// Whether `pin` is exactly 6 ASCII digits with no digit three times in a row (`111`) and no
    /// ascending or descending run of three (`123`, `321`) anywhere.
    public static func isAcceptable(_ pin: String) -> Bool {
        let digits = pin.compactMap { $0.isASCIIDigit ? $0.wholeNumberValue : nil }
        guard pin.count == length, digits.count == length else { return false }
        for start in 0...(length - 3) {
            let (a, b, c) = (digits[start], digits[start + 1], digits[start + 2])
            if a == b && b == c { return false }
            if b - a == 1 && c - b == 1 { return false }
            if a - b == 1 && b - c == 1 { return false }
        }
        return true
    }

    /// - Throws: 4016 unless ``isAcceptable(_:)``.
    public static func require(_ pin: String) throws {
        guard isAcceptable(pin) else { throw CardplaneError(.pinFormatInvalid) }
    }
}
