import CardplaneCore
import Testing

/// Callback JSON is compact, with keys in code point order, so a signature over its text is stable.
@Suite struct CallbackJSONTests {
    @Test func keysAreInCodePointOrder() {
        let keys = ["é", "b", "Z", "😀", "a_b", "_", "a", "aa"]
        let object = CallbackJSON.object(Dictionary(uniqueKeysWithValues: keys.map { ($0, CallbackJSON.integer(1)) }))
        #expect(object.text == #"{"Z":1,"_":1,"a":1,"a_b":1,"aa":1,"b":1,"é":1,"😀":1}"#)
    }

    @Test func nestedValuesKeepTheirScaleAndEscapes() {
        let value = CallbackJSON.object([
            "amount": .amount(Amount(minorUnits: 1_050, scale: 2)),
            "list": .array([.string("a\"b"), .null, .bool(true)]),
        ])
        #expect(value.text == #"{"amount":10.50,"list":["a\"b",null,true]}"#, "a number that keeps its two decimals")
    }
}
