import CardplaneCore
import Testing

/// PANs, PINs, the card status machine and the apply request's own checks.
@Suite struct CardRulesTests {
    @Test(arguments: ["4111111111111111", "5555555555554444", "4012888888881881", "378282246310005"])
    func knownTestNumbersPassLuhn(_ number: String) {
        #expect(PrimaryAccountNumber.luhnValid(number))
    }

    @Test(arguments: ["4111111111111112", "1234567812345678", "41111111111111a1", "4"])
    func alteredNumbersFailLuhn(_ number: String) {
        #expect(!PrimaryAccountNumber.luhnValid(number))
        #expect(PrimaryAccountNumber(number) == nil)
    }

    @Test func randomNumbersStayInTheirBINAndAreLuhnValid() {
        var generator = SystemRandomNumberGenerator()
        for bin in ["411111", "52222222"] {
            for _ in 0..<1_000 {
                let pan = PrimaryAccountNumber.random(bin: bin, using: &generator)
                #expect(pan.digits.count == 16 && pan.digits.hasPrefix(bin))
                #expect(PrimaryAccountNumber.luhnValid(pan.digits))
            }
        }
    }

    @Test func aPANPrintsMasked() {
        let pan = PrimaryAccountNumber("4111111111111111")!
        #expect("\(pan)" == "PAN(****1111)" && pan.lastFour == "1111")
        let secrets = CardSecrets(pan: pan, cvv: "123", expiryMonth: "03", expiryYear: "2029")
        #expect(!"\(secrets)".contains("4111111111") && !"\(secrets)".contains("123"))
    }

    @Test func secretsExpireThreeYearsOnWithTwoDigitMonths() {
        var generator = SystemRandomNumberGenerator()
        let secrets = CardSecrets.generate(
            bin: "411111",
            issuedOn: CivilDate(year: 2026, month: 3, day: 14),
            using: &generator
        )
        #expect(secrets.expiryMonth == "03" && secrets.expiryYear == "2029")
        #expect(secrets.cvv.count == 3 && secrets.cvv.allSatisfy(\.isASCIIDigit))
    }

    @Test(arguments: ["583920", "135792", "246801", "909090", "112233"])
    func acceptablePINs(_ pin: String) {
        #expect(PINRules.isAcceptable(pin))
    }

    @Test(arguments: [
        "111111", "123456", "654321", "583111", "580123", "987583", "12345", "1234567", "58392a", "５８３９２０", "",
    ])
    func refusedPINs(_ pin: String) {
        #expect(!PINRules.isAcceptable(pin))
        #expect(throws: CardplaneError(.pinFormatInvalid)) { try PINRules.require(pin) }
    }

    /// Every pair of statuses: exactly the four merchant moves of spec §13 are allowed.
    @Test func merchantStatusMoves() {
        let allowed: Set<[CardStatus]> = [
            [.activated, .frozen], [.frozen, .activated], [.activated, .delete], [.frozen, .delete],
        ]
        for from in CardStatus.allCases {
            for to in CardStatus.allCases {
                #expect(from.allowsMerchantChange(to: to) == allowed.contains([from, to]), "\(from) → \(to)")
            }
        }
        #expect(throws: CardplaneError(.cardStatusDoesNotAllow)) {
            try CardStatus.delete.requireMerchantChange(to: .activated)
        }
    }

    @Test func onlyThreeStatusesMayBeRequested() throws {
        #expect(try CardStatus(requested: "Frozen") == .frozen)
        for text in ["Pending", "ToActivate", "Fail", "frozen", "", "Deleted"] {
            #expect(throws: CardplaneError(.cardStatusNotSupported)) { try CardStatus(requested: text) }
        }
        #expect(CardStatus.afterIssuance(of: .virtual) == .activated)
        #expect(CardStatus.afterIssuance(of: .physical) == .pending)
    }

    static func application(
        cardholderNo: String? = "U1",
        uniqueNo: String? = "CARD",
        type: String? = "Virtual",
        packageNo: String? = "P1",
        binNo: String? = nil,
        mode: IntegrationMode = .creditExtension
    ) throws -> CardApplication {
        try CardApplication(
            cardholderNo: cardholderNo,
            cardUniqueNo: uniqueNo,
            cardType: type,
            packageNo: packageNo,
            cardBinNo: binNo,
            address: nil,
            mode: mode
        )
    }

    @Test func applicationChecksInOrder() throws {
        #expect(try Self.application().product == .package("P1"))
        #expect(try Self.application(packageNo: nil, binNo: "B1", mode: .authorization).product == .bin("B1"))
        #expect(throws: CardplaneError.invalidParameter("cardholder_no")) { try Self.application(cardholderNo: nil) }
        #expect(throws: CardplaneError.invalidParameter("card_unique_no")) {
            try Self.application(uniqueNo: "has space")
        }
        #expect(throws: CardplaneError.invalidParameter("card_unique_no")) {
            try Self.application(uniqueNo: String(repeating: "x", count: 65))
        }
        #expect(throws: CardplaneError.invalidParameter("card_type")) { try Self.application(type: "virtual") }
        #expect(throws: CardplaneError.invalidParameter("package_no")) { try Self.application(packageNo: "") }
        #expect(throws: CardplaneError.invalidParameter("card_bin_no")) {
            try Self.application(packageNo: nil, mode: .authorization)
        }
        #expect(throws: CardplaneError(.integrationModeNotSupported)) {
            try Self.application(packageNo: nil, binNo: "B1")
        }
    }
}
