import CardplaneCore
import CardplaneVault
import Testing

/// Console passwords: scrypt, salted, self-describing, compared in constant time.
@Suite struct OperatorPasswordTests {
    @Test func aHashMatchesItsPasswordOnly() throws {
        let password = Sensitive("correct horse battery staple")
        let stored = try OperatorPassword.hash(password)
        let parts = stored.split(separator: "$").map(String.init)
        #expect(parts.count == 6 && parts[0...3] == ["scrypt", "15", "8", "1"] && parts[4].count == 32)
        #expect(!stored.contains(password.reveal()))
        #expect(OperatorPassword.matches(password, stored: stored))
        #expect(!OperatorPassword.matches(Sensitive("correct horse battery stapler"), stored: stored))
        #expect(try OperatorPassword.hash(password) != stored, "a new salt each time")
    }

    @Test func aStoredFormKeepsItsOwnCost() throws {
        let cheap = OperatorPassword.Cost(log2Rounds: 10, blockSize: 8, parallelism: 1)
        let stored = try OperatorPassword.hash(Sensitive("twelve chars"), cost: cheap)
        #expect(stored.hasPrefix("scrypt$10$8$1$"))
        #expect(OperatorPassword.matches(Sensitive("twelve chars"), stored: stored))
    }

    @Test(arguments: ["", "bcrypt$x", "scrypt$15$8$1$zz$00", "scrypt$40$8$1$00$00", "scrypt$15$8$1$$00"])
    func anUnreadableStoredFormMatchesNothing(_ stored: String) {
        #expect(!OperatorPassword.matches(Sensitive("anything at all"), stored: stored))
    }

    @Test func csrfTokensBelongToTheirSession() {
        let (one, other) = (ConsoleSessionToken.generate(), ConsoleSessionToken.generate())
        let token = ConsoleSessionToken.csrfToken(for: one)
        #expect(token.count == 64 && ConsoleSessionToken.isCSRFToken(token, for: one))
        #expect(!ConsoleSessionToken.isCSRFToken(token, for: other) && !ConsoleSessionToken.isCSRFToken("", for: one))
        #expect(one.reveal().hasPrefix("cs_") && one.reveal().count == 43)
    }
}
