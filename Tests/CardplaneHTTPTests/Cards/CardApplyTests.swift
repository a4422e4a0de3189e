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

/// `card/apply` over HTTP: issuance, fees, and every code it answers, on both stores.
@Suite struct CardApplyTests {
    @Test(arguments: StoreKind.available)
    func virtualCardIsActivatedAndChargesTheIssuanceFee(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            let reply = try await CardTests.apply(server, setup, uniqueNo: "CARD_1")
            #expect(reply.code == 0, "\(reply.raw)")
            let cardNo = try #require(reply.data?["card_no"] as? String)
            #expect(cardNo.hasPrefix("C") && reply.data?["card_unique_no"] as? String == "CARD_1")
            let detail = try await server.callAuthenticated(
                .get,
                "/open-api/v1/card/\(cardNo)/detail",
                credential: setup.credential
            )
            #expect(detail.data?["status"] as? String == "Activated", "\(detail.raw)")
            #expect(
                detail.data?["card_type"] as? String == "Virtual" && detail.data?["organization"] as? String == "Visa"
            )
            #expect((detail.data?["card_last_no"] as? String)?.count == 4)
            #expect(detail.data?["package_name_en"] as? String == "Cardplane Virtual Classic")
            #expect((detail.data?["fee_detail"] as? [String: Any])?["open_cost"] as? String == "5.00")
            try await server.administration.setPCIDisplay(true, merchantNo: setup.merchantNo)
            let pan = try #require(try await CardSecretsTests.privateInfo(server, setup, cardNo: cardNo)["pan"])
            #expect(!detail.raw.contains(pan) && !detail.raw.contains(pan.prefix(12)), "the detail shows no PAN")
            let account = try await server.services.accounts.account(
                cardholderNo: setup.cardholderNo,
                merchantNo: setup.merchantNo
            )
            #expect(account.balanceMinor == 9_500 && account.heldMinor == 0, "100.00 less the 5.00 issuance fee")
            let records = try await server.store.withConnection {
                try await ConsumptionRecords($0).records(cardNo: cardNo)
            }
            #expect(records.map(\.type) == [.openCard] && records.first?.amount.description == "5.00")
            #expect(records.first?.status == .success)
            let events = try await server.store.withConnection {
                try await OutboxRecords($0).events(aggregateType: "card", aggregateNo: cardNo)
            }
            #expect(events.count == 1 && events[0].payload.contains(#""after_status":"Activated""#))
            #expect(events[0].payload.contains(#""before_status":"Pending""#))
            #expect(try await server.verifyLedger().isClean)
        }
    }

    @Test(arguments: StoreKind.available)
    func physicalCardIsProducedThenWaitsForActivation(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            let cardNo = try await CardTests.issue(server, setup, uniqueNo: "PHYSICAL_1", type: .physical)
            let card = try await server.services.cards.requireCard(no: cardNo, merchantNo: setup.merchantNo)
            #expect(card.status == .pending)
            #expect(try await server.services.cardProduction.runOnce() == 0, "not produced yet")
            server.clock.advance(byMs: Limits.cardProductionDelayDefaultMs)
            #expect(try await server.services.cardProduction.runOnce() == 1)
            let produced = try await server.services.cards.requireCard(no: cardNo, merchantNo: setup.merchantNo)
            #expect(produced.status == .toActivate)
        }
    }

    @Test(arguments: StoreKind.available)
    func authorizationMerchantPaysTheBINFeeFromItsReserve(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server, mode: .authorization)
            let cardNo = try await CardTests.issue(server, setup, uniqueNo: "BIN_CARD")
            let reserve = try await server.services.treasury.reserve(merchantNo: setup.merchantNo)
            #expect(reserve.balanceMinor == 99_500, "1000.00 less the 5.00 issuance fee")
            // The card's fee_detail is an object: the BIN's issuance fee, every other fee zero.
            let detail = try await server.callAuthenticated(
                .get,
                "/open-api/v1/card/\(cardNo)/detail",
                credential: setup.credential
            )
            let fees = try #require(detail.data?["fee_detail"] as? [String: Any], "\(detail.raw)")
            #expect(fees["open_cost"] as? String == "5.00" && fees["consume_rate"] as? String == "0.0000")
            #expect(fees["atm_min_fee"] as? String == "0.00" && fees["manage_fee_type"] as? String == "None")
            #expect(try await server.verifyLedger().isClean)
        }
    }

    /// Each code of the apply path, in the documented order of checks.
    @Test(arguments: StoreKind.available)
    func applicationCodes(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            func call(_ body: String) async throws -> EnvelopeReply {
                try await server.callAuthenticated(.post, CardTests.applyPath, credential: setup.credential, body: body)
            }
            let noProduct = try await call(
                #"{"cardholder_no":"\#(setup.cardholderNo)","card_unique_no":"X","card_type":"Virtual"}"#
            )
            #expect(noProduct.code == 1004 && noProduct.msg == "package_no: Invalid request parameter")
            let wrongSelector = try await call(
                #"{"card_bin_no":"B1","cardholder_no":"\#(setup.cardholderNo)","card_unique_no":"X","card_type":"Virtual"}"#
            )
            #expect(wrongSelector.code == 1012)
            let badType = try await call(
                CardTests.applyBody(setup, uniqueNo: "X").replacingOccurrences(of: "Virtual", with: "Plastic")
            )
            #expect(badType.code == 1004 && badType.msg == "card_type: Invalid request parameter")
            let unknownHolder = try await call(
                CardTests.applyBody(setup, uniqueNo: "X", cardholderNo: "U2026000000000")
            )
            #expect(unknownHolder.code == 2002)
            let rejected = try await server.cardholder(
                merchantNo: setup.merchantNo,
                uniqueNo: "REJECTED",
                token: "sim_rejected_x",
                until: .rejected
            )
            let notApproved = try await call(
                CardTests.applyBody(setup, uniqueNo: "X", cardholderNo: rejected.cardholderNo)
            )
            #expect(notApproved.code == 2005)
            var unknownPackage = setup
            unknownPackage.virtualProductNo = "P20260101000000"
            #expect(try await call(CardTests.applyBody(unknownPackage, uniqueNo: "X")).code == 4002)
            var mismatched = setup
            mismatched.virtualProductNo = setup.physicalProductNo
            let typeMismatch = try await call(CardTests.applyBody(mismatched, uniqueNo: "X"))
            #expect(typeMismatch.code == 1004 && typeMismatch.msg == "card_type: Invalid request parameter")
        }
    }

    @Test(arguments: StoreKind.available)
    func unassignedOrDisabledProductsAre4002And4001(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credit = try await CardTests.setUp(server)
            let other = try await server.onboard(mode: .creditExtension)
            let otherHolder = try await server.approvedCardholder(merchantNo: other.merchant.merchantNo, uniqueNo: "H2")
            var unassigned = credit
            unassigned.credential = other.credential
            let notAssigned = try await server.callAuthenticated(
                .post,
                CardTests.applyPath,
                credential: other.credential,
                body: CardTests.applyBody(unassigned, uniqueNo: "X", cardholderNo: otherHolder.cardholderNo)
            )
            #expect(notAssigned.code == 4002, "\(notAssigned.raw)")
            try await server.services.catalog.setStatus(.disabled, packageNo: credit.virtualProductNo)
            #expect(try await CardTests.apply(server, credit, uniqueNo: "X").code == 4002)

            let authorization = try await CardTests.setUp(server, mode: .authorization)
            var unknownBIN = authorization
            unknownBIN.virtualProductNo = "B20260101000000"
            let unknown = try await server.callAuthenticated(
                .post,
                CardTests.applyPath,
                credential: authorization.credential,
                body: CardTests.applyBody(unknownBIN, uniqueNo: "X")
            )
            #expect(unknown.code == 4001 && unknown.msg == "Card BIN not available")
            try await server.services.catalog.setStatus(.disabled, cardBinNo: authorization.virtualProductNo)
            #expect(try await CardTests.apply(server, authorization, uniqueNo: "Y").code == 4001)
        }
    }

    @Test(arguments: StoreKind.available)
    func duplicateUniqueNoIs4003AndLimitIs4006(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let setup = try await CardTests.setUp(server)
            _ = try await CardTests.issue(server, setup, uniqueNo: "ONCE")
            let again = try await CardTests.apply(server, setup, uniqueNo: "ONCE")
            #expect(again.code == 4003 && again.msg == "Merchant card unique number already exists")
            _ = try await server.services.catalog.assign(
                productNo: setup.virtualProductNo,
                to: setup.merchantNo,
                issuanceLimit: 2,
                openCost: nil
            )
            _ = try await CardTests.issue(server, setup, uniqueNo: "SECOND")
            let third = try await CardTests.apply(server, setup, uniqueNo: "THIRD")
            #expect(third.code == 4006 && third.msg == "Card issuance limit reached")
        }
    }

    @Test(arguments: StoreKind.available)
    func shortOfTheFeeIs3008Or3007AndMovesNothing(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credit = try await CardTests.setUp(server)
            let poor = try await server.approvedCardholder(merchantNo: credit.merchantNo, uniqueNo: "POOR")
            let reply = try await server.callAuthenticated(
                .post,
                CardTests.applyPath,
                credential: credit.credential,
                body: CardTests.applyBody(credit, uniqueNo: "POOR_CARD", cardholderNo: poor.cardholderNo)
            )
            #expect(reply.code == 3008 && reply.msg == "Insufficient account balance")
            let authorization = try await server.onboard(mode: .authorization)
            try await server.assignDemoCatalog(to: authorization.merchant)
            let holder = try await server.approvedCardholder(
                merchantNo: authorization.merchant.merchantNo,
                uniqueNo: "A"
            )
            let setup = CardTests.Setup(
                credential: authorization.credential,
                merchant: authorization.merchant,
                cardholderNo: holder.cardholderNo,
                productField: "card_bin_no",
                virtualProductNo: try await server.cardBinNo(merchantNo: authorization.merchant.merchantNo),
                physicalProductNo: ""
            )
            let unfunded = try await CardTests.apply(server, setup, uniqueNo: "NO_RESERVE")
            #expect(unfunded.code == 3007 && unfunded.msg == "Insufficient merchant account balance")
            let cards = try await server.services.cards.cards(cardholderNo: holder.cardholderNo)
            #expect(cards.isEmpty, "a refused application leaves no card")
            #expect(try await server.verifyLedger().isClean)
        }
    }

    @Test(arguments: StoreKind.available)
    func providerFailureLeavesTheCardFailWithNoFee(_ kind: StoreKind) async throws {
        var configuration = TestServer.configuration
        configuration.cards = CardIssuer.Settings(providerTimeoutMs: 300)
        try await TestServer.with(kind, configuration: configuration) { server in
            let setup = try await CardTests.setUp(server)
            _ = try await server.services.catalog.assign(
                productNo: setup.virtualProductNo,
                to: setup.merchantNo,
                issuanceLimit: 2,
                openCost: nil
            )
            for uniqueNo in [SimulatedCardProvider.failPrefix + "_1", SimulatedCardProvider.timeoutPrefix + "_1"] {
                let reply = try await CardTests.apply(server, setup, uniqueNo: uniqueNo)
                #expect(reply.code == 4007 && reply.msg == "Card provider operation failed", "\(reply.raw)")
            }
            let cards = try await server.services.cards.cards(cardholderNo: setup.cardholderNo)
            #expect(cards.map(\.status) == [.fail, .fail])
            let account = try await server.services.accounts.account(
                cardholderNo: setup.cardholderNo,
                merchantNo: setup.merchantNo
            )
            #expect(account.balanceMinor == 10_000 && account.heldMinor == 0, "no fee taken, no hold left")
            for card in cards {
                let sealed = try await server.store.withConnection {
                    try await CardSecretRecords($0).sealed(cardNo: card.cardNo)
                }
                #expect(sealed?.pan == nil && sealed?.cvv == nil, "a failed card keeps no secrets")
                let events = try await server.store.withConnection {
                    try await OutboxRecords($0).events(aggregateType: "card", aggregateNo: card.cardNo)
                }
                #expect(events.count == 1 && events[0].payload.contains(#""after_status":"Fail""#))
            }
            // Failed applications do not use up the limit of 2.
            _ = try await CardTests.issue(server, setup, uniqueNo: "AFTER_FAILURES")
            #expect(try await server.verifyLedger().isClean)
        }
    }
}
