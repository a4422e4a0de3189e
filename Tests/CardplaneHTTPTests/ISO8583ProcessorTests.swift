import CardplaneApp
import CardplaneCore
import CardplaneISO8583
import CardplaneISOGateway
import CardplaneIssuer
import CardplaneTesting
import Testing

/// The processor in process, where a test clock can age a card: an expired card answers `54`;
/// every answer is a well-formed message of the request's response type. (The listener and the
/// other codes are driven by pyiso8583 in `Tests/ISO8583`.)
@Suite struct ISO8583ProcessorTests {
    static func authorization(pan: String, trace: String) -> ISO8583Message {
        ISO8583Message(
            mti: "0100",
            fields: [
                2: pan, 3: "000000", 4: "000000000100", 7: "1203120000", 11: trace, 32: "123456", 37: "RRN000000001",
                49: "840",
            ]
        )
    }

    @Test(arguments: StoreKind.available)
    func anExpiredCardIs54(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            try await server.administration.setPCIDisplay(true, merchantNo: setup.merchantNo)
            let cardNo = try await CardTests.issue(server, setup, uniqueNo: "ISO_EXPIRY")
            let pan = try #require(try await CardSecretsTests.privateInfo(server, setup, cardNo: cardNo)["pan"])
            let processor = ISO8583Processor(
                transactions: server.services.transactions,
                vaultKeys: server.services.vaultKeys,
                logger: TestLogging.logger
            )
            let approved = try #require(await processor.respond(to: Self.authorization(pan: pan, trace: "000001")))
            #expect(approved.mti == "0110" && approved[39] == "00" && approved[38]?.count == 6)
            #expect(approved[2] == nil, "no PAN in an answer")
            #expect(try ISO8583Message(decoding: try approved.encoded()) == approved, "a well-formed answer")

            server.clock.advance(byMs: 10 * 366 * 86_400_000)
            let expired = await processor.respond(to: Self.authorization(pan: pan, trace: "000002"))
            #expect(expired?[39] == "54" && expired?[38] == nil)
            #expect(await processor.respond(to: ISO8583Message(mti: "0110", fields: [39: "00"])) == nil)
            let bareAdvice = await processor.respond(to: ISO8583Message(mti: "0120"))
            #expect(bareAdvice?.mti == "0130" && bareAdvice?[39] == "30", "an advice without its elements")
        }
    }
}
