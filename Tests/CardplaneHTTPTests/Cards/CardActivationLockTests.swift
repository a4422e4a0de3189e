import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import Testing

/// A CVV has 1000 values: `card/active` locks a card's activation after five wrong ones.
@Suite struct CardActivationLockTests {
    @Test(arguments: StoreKind.available)
    func fiveWrongCVVsLockActivationUntilAnOperatorUnlocks(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            try await CardSecretsTests.enablePCI(server, setup)
            let cardNo = try await CardTests.producedPhysicalCard(server, setup, uniqueNo: "GUESSED")
            let info = try await CardSecretsTests.privateInfo(server, setup, cardNo: cardNo)
            let cipher = try CardSecretsTests.cipher(setup)
            let (cvv, lastFour) = (try #require(info["cvv"]), String(try #require(info["pan"]).suffix(4)))
            let activate = { @Sendable (guess: String) in
                try await CardSecretsTests.activate(
                    server,
                    setup,
                    cardNo: cardNo,
                    cvv: cipher.encrypt(Sensitive(guess)),
                    lastFour: lastFour
                )
            }
            // Five wrong guesses at once: each is counted, exactly one locks.
            let guesses = (1...Limits.activationWrongCVVsMax).map { String(format: "%03d", (Int(cvv)! + $0) % 1000) }
            let codes = try await withThrowingTaskGroup(of: Int.self) { group in
                for guess in guesses { group.addTask { try await activate(guess).code } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(codes == Array(repeating: 1004, count: guesses.count))
            let locked = try await activate(cvv)
            #expect(locked.code == 4005, "locked: even the right CVV is refused")
            #expect(locked.msg == ErrorCode.cardStatusDoesNotAllow.message(in: .english))
            let lockedZH = try await CardSecretsTests.activate(
                server,
                setup,
                cardNo: cardNo,
                cvv: cipher.encrypt(Sensitive(cvv)),
                lastFour: lastFour,
                language: "zh_CN"
            )
            #expect(lockedZH.code == 4005 && lockedZH.msg == ErrorCode.cardStatusDoesNotAllow.message(in: .chinese))
            let events = try await server.store.withConnection {
                try await OutboxRecords($0).events(aggregateType: "card", aggregateNo: cardNo)
            }
            let locks = events.filter { $0.payload.contains("activation locked after 5 wrong CVVs") }
            #expect(locks.count == 1, "the merchant is told once, by a Card_update")
            #expect(locks.first?.payload.contains(#""after_status":"ToActivate""#) == true)

            try await server.administration.unlockActivation(cardNo: cardNo)
            let activated = try await activate(cvv)
            #expect(activated.code == 0)
            await #expect(throws: AdministrationError.cardNotFound) {
                try await server.administration.unlockActivation(cardNo: "C000000000000000000")
            }
        }
    }
}
