import CardplaneCore
import CardplaneISO8583

/// What an authorization request (`0100`) or a stand-in advice (`0120`) carries, read and checked: any element missing or not
/// of its form is a format error (`30`).
struct AuthorizationFields {
    var pan: String
    var kind: SpendKind
    var minorUnits: Int64
    var currency: String
    var localAmount: Amount
    var transactionID: String
    var merchant: MerchantInfo

    init(_ message: ISO8583Message) throws(ISO8583Error) {
        func fail(_ reason: String) -> ISO8583Error { ISO8583Error(mti: message.mti, reason: reason) }
        func digits(_ number: Int) throws(ISO8583Error) -> String {
            guard let value = message[number], !value.isEmpty, value.utf8.allSatisfy(\.isDigit) else {
                throw fail("DE \(number) missing or not digits")
            }
            return value
        }
        pan = try digits(2)
        switch try digits(3).prefix(2) {
        case "00": kind = .purchase
        case "01": kind = .atm
        default: throw fail("DE 3 processing code is neither 00 (purchase) nor 01 (cash)")
        }
        guard let minor = Int64(try digits(4)) else { throw fail("DE 4 amount") }
        minorUnits = minor
        guard let code = Self.currencies[try digits(49)] else { throw fail("DE 49 currency not known") }
        currency = code
        localAmount = Amount(minorUnits: minor, scale: ExchangeRates.scale(of: code))
        transactionID = Self.transactionID(
            acquirer: Self.acquirer(try digits(32)),
            transmittedAt: try digits(7),
            trace: try digits(11)
        )
        guard message[37]?.isEmpty == false else { throw fail("DE 37 retrieval reference number missing") }
        let mcc = message[18].flatMap { $0.utf8.allSatisfy(\.isDigit) ? $0 : nil } ?? "0000"
        merchant = Self.merchant(location: message[43] ?? "", mcc: mcc)
    }

    /// The engine's network transaction id of an authorization: acquirer, transmission time, trace.
    static func transactionID(acquirer: String, transmittedAt: String, trace: String) -> String {
        "iso:\(acquirer):\(transmittedAt):\(trace)"
    }

    /// An acquirer's id without leading zeros: DE 32 is sent as it is, DE 90 pads it to 11 digits.
    static func acquirer(_ digits: String) -> String {
        let trimmed = digits.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    /// DE 43: name (25), city (13), country (2), as ISO 8583:1987 lays it out; shorter text is
    /// read as far as it goes.
    static func merchant(location: String, mcc: String) -> MerchantInfo {
        let characters = Array(location)
        func part(_ range: Range<Int>) -> String {
            let clamped = range.clamped(to: 0..<characters.count)
            return String(characters[clamped]).trimmingSpaces
        }
        let name = part(0..<25)
        return MerchantInfo(
            merchantName: name.isEmpty ? "Unknown merchant" : name,
            merchantMcc: mcc,
            city: part(25..<38),
            country: part(38..<40)
        )
    }

    /// ISO 4217 numeric codes of the currencies the exchange table converts.
    static let currencies = [
        "840": "USD", "978": "EUR", "826": "GBP", "392": "JPY", "156": "CNY", "702": "SGD", "344": "HKD",
    ]
}

extension UInt8 {
    var isDigit: Bool { (0x30...0x39).contains(self) }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
