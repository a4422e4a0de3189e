/// A card number (PAN): 16 digits starting with the BIN, the last one a Luhn check digit (spec §13).
///
/// Its `description` is masked, so a PAN that reaches a log shows only its last four digits.
public struct PrimaryAccountNumber: Sendable, Equatable, CustomStringConvertible {
    public static let length = 16

    /// The 16 digits. Handle with care: this is the secret.
    public let digits: String

    /// A PAN from 16 digits with a valid check digit, or `nil`.
    public init?(_ digits: String) {
        guard digits.count == Self.length, digits.allSatisfy(\.isASCIIDigit), Self.luhnValid(digits) else {
            return nil
        }
        self.digits = digits
    }

    /// A random PAN inside `bin` (6 or 8 digits): the BIN, random digits and the check digit.
    public static func random(bin: String, using generator: inout some RandomNumberGenerator) -> PrimaryAccountNumber {
        precondition(CardBIN.isValidBIN(bin), "a BIN is 6 or 8 digits")
        let body = (bin.count..<(length - 1)).map { _ in String(Int.random(in: 0...9, using: &generator)) }
        let partial = bin + body.joined()
        guard let pan = PrimaryAccountNumber(partial + String(checkDigit(for: partial))) else {
            preconditionFailure("a check digit makes any partial number Luhn-valid")
        }
        return pan
    }

    /// The last four digits (`card_last_no`).
    public var lastFour: String { String(digits.suffix(4)) }

    public var description: String { "PAN(****\(lastFour))" }

    /// Whether `digits` passes the Luhn (mod 10) check.
    public static func luhnValid(_ digits: String) -> Bool {
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == digits.count, values.count >= 2 else { return false }
        return luhnSum(values.reversed(), doublingFirst: false) % 10 == 0
    }

    /// The digit that makes `partial` followed by it Luhn-valid.
    static func checkDigit(for partial: String) -> Int {
        let sum = luhnSum(partial.compactMap(\.wholeNumberValue).reversed(), doublingFirst: true)
        return (10 - sum % 10) % 10
    }

    private static func luhnSum(_ reversedDigits: some Sequence<Int>, doublingFirst: Bool) -> Int {
        var sum = 0
        for (index, digit) in reversedDigits.enumerated() {
            let doubles = (index % 2 == 0) == doublingFirst
            let value = doubles ? digit * 2 : digit
            sum += value > 9 ? value - 9 : value
        }
        return sum
    }
}
