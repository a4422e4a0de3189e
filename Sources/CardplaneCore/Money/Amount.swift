/// An exact amount of money: an integer count of minor units at a fixed scale (decimal places).
///
/// `Amount(minorUnits: 12345, scale: 2)` is 123.45. Arithmetic never goes through floating point.
public struct Amount: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value in minor units (cents for scale 2).
    public let minorUnits: Int64
    /// Decimal places; 0…``Amount/scaleMax``.
    public let scale: Int

    /// The largest scale an amount may have.
    public static let scaleMax = 8

    public init(minorUnits: Int64, scale: Int) {
        precondition((0...Self.scaleMax).contains(scale), "scale out of range")
        self.minorUnits = minorUnits
        self.scale = scale
    }

    /// Parses a plain decimal string (`"100"`, `"100.5"`, `"100.50"`) at `scale`.
    ///
    /// Refuses signs, exponents, spaces, leading `.`, trailing `.`, more decimals than `scale`,
    /// and values that overflow; returns `nil` for all of them.
    public init?(parsing text: String, scale: Int) {
        precondition((0...Self.scaleMax).contains(scale), "scale out of range")
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= 18,
            whole.allSatisfy(Self.isDigit)
        else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || !fraction.isEmpty, fraction.count <= scale, fraction.allSatisfy(Self.isDigit) else {
            return nil
        }
        let padded = String(fraction) + String(repeating: "0", count: scale - fraction.count)
        guard let wholeValue = Int64(whole), let fractionValue = Int64(padded.isEmpty ? "0" : padded) else {
            return nil
        }
        let (scaled, overflow) = wholeValue.multipliedReportingOverflow(by: Self.powerOfTen(scale))
        guard !overflow else { return nil }
        let (sum, overflowSum) = scaled.addingReportingOverflow(fractionValue)
        guard !overflowSum else { return nil }
        self.init(minorUnits: sum, scale: scale)
    }

    /// The amount with exactly `scale` decimals: `"123.45"`, `"-0.05"`, `"7"` at scale 0.
    public var description: String {
        let magnitude = minorUnits.magnitude
        let divisor = UInt64(Self.powerOfTen(scale))
        let whole = magnitude / divisor
        let sign = minorUnits < 0 ? "-" : ""
        guard scale > 0 else { return sign + String(whole) }
        let fraction = String(magnitude % divisor)
        return sign + String(whole) + "." + String(repeating: "0", count: scale - fraction.count) + fraction
    }

    public static func < (lhs: Amount, rhs: Amount) -> Bool {
        precondition(lhs.scale == rhs.scale, "comparing amounts of different scales")
        return lhs.minorUnits < rhs.minorUnits
    }

    static func powerOfTen(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    private static func isDigit(_ character: Character) -> Bool { ("0"..."9").contains(character) }
}
