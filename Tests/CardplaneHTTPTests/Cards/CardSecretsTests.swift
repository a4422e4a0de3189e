import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneNetwork
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import HTTPTypes
import SQLKit
import Testing

/// Private info, activation and PIN over HTTP, with the merchant's side of the encryption done by
/// ``MerchantCipher`` (and, in the interop test, by Python's `cryptography`).
@Suite struct CardSecretsTests {
    static func cipher(_ setup: CardTests.Setup) throws -> MerchantCipher {
        try MerchantCipher(apiSecret: setup.credential.apiSecret)
    }

    static func activate(
        _ server: TestServer,
        _ setup: CardTests.Setup,
        cardNo: String,
        cvv: String,
        lastFour: String,
        cardholderNo: String? = nil,
        language: String? = nil
    ) async throws -> EnvelopeReply {
        try await server.callAuthenticated(
            .post,
            "/open-api/v1/card/active",
            credential: setup.credential,
            body: CardTests.json([
                "cardholder_no": cardholderNo ?? setup.cardholderNo, "card_no": cardNo, "cvv": cvv,
                "card_last_no": lastFour,
            ]),
            language: language
        )
    }

    static func setPIN(
        _ server: TestServer,
        _ setup: CardTests.Setup,
        cardNo: String,
        pin: String
    ) async throws
        -> EnvelopeReply
    {
        try await server.callAuthenticated(
            .post,
            "/open-api/v1/card/pin/set",
            credential: setup.credential,
            body: CardTests.json(["cardholder_no": setup.cardholderNo, "card_no": cardNo, "pin": pin])
        )
    }

    /// The decrypted private info of a card.
    static func privateInfo(
        _ server: TestServer,
        _ setup: CardTests.Setup,
        cardNo: String
    ) async throws
        -> [String: String]
    {
        let reply = try await server.callAuthenticated(
            .get,
            "/open-api/v1/card/\(cardNo)/private/info",
            credential: setup.credential
        )
        let ciphertext = try #require(reply.dataString, "\(reply.raw)")
        let plaintext = try cipher(setup).decrypt(ciphertext).reveal()
        return try #require(try JSONSerialization.jsonObject(with: Data(plaintext.utf8)) as? [String: String])
    }

    static func enablePCI(_ server: TestServer, _ setup: CardTests.Setup) async throws {
        try await server.administration.setPCIDisplay(true, merchantNo: setup.merchantNo)
    }

    @Test(arguments: StoreKind.available)
    func privateInfoIsTheCardsSecretsEncryptedWithTheAPISecret(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            let cardNo = try await CardTests.issue(server, setup, uniqueNo: "PRIVATE")
            let off = try await server.callAuthenticated(
                .get,
                "/open-api/v1/card/\(cardNo)/private/info",
                credential: setup.credential
            )
            #expect(off.code == 1013 && off.msg == "PCI sensitive card display is not enabled")
            try await Self.enablePCI(server, setup)
            let info = try await Self.privateInfo(server, setup, cardNo: cardNo)
            let pan = try #require(info["pan"])
            #expect(PrimaryAccountNumber(pan) != nil && pan.hasPrefix("411111"))
            #expect(info["card_no"] == cardNo && info["card_unique_no"] == "PRIVATE")
            #expect(info["cvv"]?.count == 3 && info["exp_month"]?.count == 2 && info["exp_year"]?.count == 4)
            let card = try await server.services.cards.requireCard(no: cardNo, merchantNo: setup.merchantNo)
            #expect(pan.hasSuffix(card.lastFour))
        }
    }

    @Test(arguments: StoreKind.available)
    func privateInfoCodes(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            try await Self.enablePCI(server, setup)
            func code(_ cardNo: String) async throws -> EnvelopeReply {
                try await server.callAuthenticated(
                    .get,
                    "/open-api/v1/card/\(cardNo)/private/info",
                    credential: setup.credential
                )
            }
            #expect(try await code("C20260101000000000").code == 4004)
            _ = try await CardTests.apply(server, setup, uniqueNo: SimulatedCardProvider.failPrefix)
            let failed = try #require(try await server.services.cards.cards(cardholderNo: setup.cardholderNo).first)
            let noInfo = try await code(failed.cardNo)
            #expect(noInfo.code == 4012 && noInfo.msg == "Card information not found")
            let cardNo = try await CardTests.issue(server, setup, uniqueNo: "CREDENTIAL")
            // The merchant's newest credential can no longer be opened (as when the master key that
            // sealed it is gone from the key ring): there is no usable credential to encrypt with.
            let keyID = setup.credential.key.id
            try await server.store.withConnection { database in
                try await database.raw(
                    "UPDATE api_key SET sealed_secret = 'v1.retired.AAAA' WHERE api_key_id = \(bind: keyID)"
                ).run()
            }
            let deleted = try await CardTests.issue(server, setup, uniqueNo: "DELETED")
            _ = try await server.services.cards.changeStatus(cardNo: deleted, to: .delete, merchantNo: setup.merchantNo)
            #expect(try await code(deleted).code == 4005, "a deleted card shows no secrets")
            let noCredential = try await code(cardNo)
            #expect(noCredential.code == 4018 && noCredential.msg == "No available API credential found")
        }
    }

    @Test(arguments: StoreKind.available)
    func physicalCardActivatesWithItsCVVThenTakesAPIN(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            try await Self.enablePCI(server, setup)
            let cardNo = try await CardTests.producedPhysicalCard(server, setup, uniqueNo: "PHYSICAL")
            let info = try await Self.privateInfo(server, setup, cardNo: cardNo)
            let cipher = try Self.cipher(setup)
            let (cvv, lastFour) = (try #require(info["cvv"]), String(try #require(info["pan"]).suffix(4)))
            let wrongCVV = String(format: "%03d", (Int(cvv)! + 1) % 1000)
            let badCVV = try await Self.activate(
                server,
                setup,
                cardNo: cardNo,
                cvv: cipher.encrypt(Sensitive(wrongCVV)),
                lastFour: lastFour
            )
            #expect(badCVV.code == 1004 && badCVV.msg == "cvv: Invalid request parameter")
            let wrongLast = lastFour == "0000" ? "1111" : "0000"
            let badLast = try await Self.activate(
                server,
                setup,
                cardNo: cardNo,
                cvv: cipher.encrypt(Sensitive(cvv)),
                lastFour: wrongLast
            )
            #expect(badLast.code == 1004 && badLast.msg == "card_last_no: Invalid request parameter")
            let undecryptable = try await Self.activate(
                server,
                setup,
                cardNo: cardNo,
                cvv: "bm90LWEtY2lwaGVy",
                lastFour: lastFour
            )
            #expect(undecryptable.code == 4019 && undecryptable.msg.hasPrefix("CVV decryption failed"))
            let early = try await Self.setPIN(server, setup, cardNo: cardNo, pin: cipher.encrypt(Sensitive("583920")))
            #expect(early.code == 4005, "PIN needs an activated card")
            let activated = try await Self.activate(
                server,
                setup,
                cardNo: cardNo,
                cvv: cipher.encrypt(Sensitive(cvv)),
                lastFour: lastFour
            )
            #expect(activated.code == 0 && activated.data?["result"] as? Bool == true, "\(activated.raw)")
            let again = try await Self.activate(
                server,
                setup,
                cardNo: cardNo,
                cvv: cipher.encrypt(Sensitive(cvv)),
                lastFour: lastFour
            )
            #expect(again.code == 4005)
            for weak in ["111111", "123456", "654321", "12345", "58392a"] {
                let reply = try await Self.setPIN(server, setup, cardNo: cardNo, pin: cipher.encrypt(Sensitive(weak)))
                #expect(reply.code == 4016, "\(weak): \(reply.raw)")
            }
            let garbled = try await Self.setPIN(server, setup, cardNo: cardNo, pin: "%%%")
            #expect(garbled.code == 4015 && garbled.msg.hasPrefix("PIN decryption failed"))
            let pin = try await Self.setPIN(server, setup, cardNo: cardNo, pin: cipher.encrypt(Sensitive("583920")))
            #expect(pin.code == 0 && pin.data?["result"] as? Bool == true, "\(pin.raw)")
            let sealed = try await server.store.withConnection {
                try await CardSecretRecords($0).sealed(cardNo: cardNo)
            }
            #expect(sealed?.pinBlock?.hasPrefix("v1.") == true)
            let events = try await server.store.withConnection {
                try await OutboxRecords($0).events(aggregateType: "card", aggregateNo: cardNo)
            }
            #expect(events.compactMap { $0.payload.contains(#""after_status":"Activated""#) ? $0 : nil }.count == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func activationAndPINCodes(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            let cipher = try Self.cipher(setup)
            let cvv = cipher.encrypt(Sensitive("123"))
            let virtual = try await CardTests.issue(server, setup, uniqueNo: "VIRTUAL")
            let notPhysical = try await Self.activate(server, setup, cardNo: virtual, cvv: cvv, lastFour: "1234")
            #expect(notPhysical.code == 4014 && notPhysical.msg == "Card activation not supported")
            let virtualPIN = try await Self.setPIN(
                server,
                setup,
                cardNo: virtual,
                pin: cipher.encrypt(Sensitive("583920"))
            )
            #expect(virtualPIN.code == 4017)
            let pending = try await CardTests.issue(server, setup, uniqueNo: "PENDING", type: .physical)
            #expect(try await Self.activate(server, setup, cardNo: pending, cvv: cvv, lastFour: "1234").code == 4005)
            let unknownHolder = try await Self.activate(
                server,
                setup,
                cardNo: pending,
                cvv: cvv,
                lastFour: "1234",
                cardholderNo: "U2026000000000"
            )
            #expect(unknownHolder.code == 2002)
            let otherHolder = try await server.approvedCardholder(merchantNo: setup.merchantNo, uniqueNo: "OTHER")
            let notTheirs = try await Self.activate(
                server,
                setup,
                cardNo: pending,
                cvv: cvv,
                lastFour: "1234",
                cardholderNo: otherHolder.cardholderNo
            )
            #expect(notTheirs.code == 4004)
            let shortLast = try await Self.activate(server, setup, cardNo: pending, cvv: cvv, lastFour: "12")
            #expect(shortLast.code == 1004 && shortLast.msg == "card_last_no: Invalid request parameter")
        }
    }

    @Test(arguments: StoreKind.available)
    func inAppActivationPackagesAnswer4008(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            let bin = try #require(try await server.services.catalog.allBINs().first)
            let package = try await server.services.catalog.addPackage { packageNo in
                CardPackage(
                    packageNo: packageNo,
                    cardBinNo: bin.cardBinNo,
                    type: .physical,
                    nameEn: "In-app",
                    nameCn: "应用内激活",
                    descriptionEn: "",
                    descriptionCn: "",
                    tagsEn: [],
                    tagsCn: [],
                    consumptionLimit: DemoCatalog.limits,
                    feeSchedule: DemoCatalog.fees,
                    activation: .merchantApp,
                    status: .enabled,
                    createdAtMs: server.clock.nowMs()
                )
            }
            _ = try await server.services.catalog.assign(
                productNo: package.packageNo,
                to: setup.merchantNo,
                issuanceLimit: 10,
                openCost: nil
            )
            var inApp = setup
            inApp.physicalProductNo = package.packageNo
            let cardNo = try await CardTests.producedPhysicalCard(server, inApp, uniqueNo: "IN_APP")
            let reply = try await Self.activate(
                server,
                setup,
                cardNo: cardNo,
                cvv: try Self.cipher(setup).encrypt(Sensitive("123")),
                lastFour: "1234"
            )
            #expect(reply.code == 4008 && reply.msg == "Physical card activation must be completed in merchant app")
        }
    }
}
