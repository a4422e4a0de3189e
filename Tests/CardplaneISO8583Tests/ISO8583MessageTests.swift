import CardplaneISO8583
import Testing

/// The codec against bytes an independent peer made: pyiso8583 4.0.1's `default_ascii` encoding
/// of an authorization with a secondary bitmap (DE 70).
@Suite struct ISO8583MessageTests {
    static let peerBytes =
        "0100F220000108208000040000000000000016411111111111111100000000000000125012031445011234560612345"
        + "6RRN123456000Corner Grocery           San FranciscoUS840301"

    static let fields: [Int: String] = [
        2: "4111111111111111", 3: "000000", 4: "000000001250", 7: "1203144501", 11: "123456", 32: "123456",
        37: "RRN123456000", 43: "Corner Grocery           San FranciscoUS", 49: "840", 70: "301",
    ]

    @Test func readsAndWritesThePeersBytes() throws {
        let message = try ISO8583Message(decoding: Array(Self.peerBytes.utf8))
        #expect(message.mti == "0100" && message.fields == Self.fields)
        #expect(try ISO8583Message(mti: "0100", fields: Self.fields).encoded() == Array(Self.peerBytes.utf8))
    }

    @Test func responseTypes() {
        #expect(ISO8583Message.responseType(of: "0100") == "0110")
        #expect(ISO8583Message.responseType(of: "0800") == "0810")
        #expect(ISO8583Message.responseType(of: "0420") == "0430")
        #expect(ISO8583Message.responseType(of: "0221") == "0230", "a repeat is answered as its original")
        #expect(ISO8583Message.responseType(of: "0401") == "0410")
        #expect(ISO8583Message.originalType(of: "0121") == "0120" && ISO8583Message.originalType(of: "0103") == "0102")
        #expect(ISO8583Message.originalType(of: "0100") == "0100" && ISO8583Message.originalType(of: "01X1") == "01X1")
        #expect(ISO8583Message.responseType(of: "0110") == nil, "a response has no response")
        #expect(ISO8583Message.responseType(of: "01A0") == nil)
    }

    @Test(
        arguments: [
            ("", nil),
            ("01", nil),
            ("\u{01}\u{02}\u{03}\u{04}F220000108208000", nil),
            ("0100ZZZZ000108208000", "0100"),
            ("0100F220000108208000", "0100"),  // the secondary bitmap is missing
            ("01004000000000000000", "0100"),  // DE 2 announced, absent
            ("0100400000000000000020411111111111111111111", "0100"),  // DE 2 longer than 19
            ("010040000000000000001641111111111111111X", "0100"),  // a byte after the last element
            ("0800000000000000000", "0800"),  // the primary bitmap cut short
        ] as [(String, String?)]
    )
    func aMalformedMessageNamesItsTypeWhenItCan(_ text: String, _ mti: String?) {
        #expect(throws: ISO8583Error.self) { try ISO8583Message(decoding: Array(text.utf8)) }
        do {
            _ = try ISO8583Message(decoding: Array(text.utf8))
        } catch {
            #expect(error.mti == mti, "\(text)")
        }
    }

    @Test func writingRefusesWhatTheFormatForbids() {
        #expect(throws: ISO8583Error.self) { try ISO8583Message(mti: "0110", fields: [39: "0"]).encoded() }
        #expect(throws: ISO8583Error.self) {
            try ISO8583Message(mti: "0110", fields: [2: String(repeating: "4", count: 20)]).encoded()
        }
        #expect(throws: ISO8583Error.self) { try ISO8583Message(mti: "0110", fields: [1: "x"]).encoded() }
        #expect(throws: ISO8583Error.self) { try ISO8583Message(mti: "01100", fields: [:]).encoded() }
        #expect(throws: ISO8583Error.self) { try ISO8583Message(mti: "0110", fields: [39: "0\u{7}"]).encoded() }
    }
}
