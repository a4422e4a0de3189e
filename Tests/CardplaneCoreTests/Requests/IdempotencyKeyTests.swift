import CardplaneCore
import Testing

@Suite struct IdempotencyKeyTests {
    @Test(arguments: ["a", " ", "~", "order-2026-12-03/42", String(repeating: "k", count: 255)])
    func printableASCIIUpTo255IsAKey(_ header: String) {
        #expect(IdempotencyKey(header: header)?.value == header)
    }

    @Test(arguments: [
        "", String(repeating: "k", count: 256), "tab\there", "line\nbreak", "del\u{7F}", "caf\u{E9}", "键",
    ])
    func anythingElseIsNot(_ header: String) {
        #expect(IdempotencyKey(header: header) == nil)
    }
}
