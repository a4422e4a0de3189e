import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import HTTPTypes
import Testing

/// `account/transfer`, `account/{no}/info` and `account/transfer/list` over HTTP, every code on both stores.
@Suite struct TransferTests {
    static let transferPath = "/open-api/v1/account/transfer"

    /// A credit-extension merchant with a reserve of 100.00 and an approved cardholder holding 10.00.
    static func setUp(_ server: TestServer) async throws -> (IssuedCredential, String) {
        let merchant = try await server.onboard(mode: .creditExtension)
        let merchantNo = merchant.merchant.merchantNo
        let cardholderNo = try await server.approvedCardholder(merchantNo: merchantNo, uniqueNo: "HOLDER").cardholderNo
        try await server.fundReserve(merchantNo: merchantNo, amount: "110.00")
        try await server.fundCardholder(merchantNo: merchantNo, cardholderNo: cardholderNo, amount: "10.00")
        return (merchant.credential, cardholderNo)
    }

    static func body(_ cardholderNo: String, _ uniqueNo: String, _ type: String, _ balance: String) -> String {
        #"{"cardholder_no":"\#(cardholderNo)","transfer_unique_no":"\#(uniqueNo)","type":"\#(type)","balance":\#(balance)}"#
    }

    @Test(arguments: StoreKind.available)
    func transfersInAndOutReportBalances(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (credential, cardholderNo) = try await Self.setUp(server)
            let inReply = try await server.callAuthenticated(
                .post,
                Self.transferPath,
                credential: credential,
                body: Self.body(cardholderNo, "TRANSFER_1", "In", #""25.50""#)
            )
            #expect(inReply.code == 0, "\(inReply.raw)")
            #expect(inReply.data?["before_balance"] as? String == "10.00")
            #expect(inReply.data?["after_balance"] as? String == "35.50")
            #expect(inReply.data?["transfer_unique_no"] as? String == "TRANSFER_1")
            #expect((inReply.data?["transfer_no"] as? String)?.hasPrefix("T") == true)
            let outReply = try await server.callAuthenticated(
                .post,
                Self.transferPath,
                credential: credential,
                body: Self.body(cardholderNo, "TRANSFER_2", "out", #""35.5""#)
            )
            #expect(outReply.code == 0 && outReply.data?["after_balance"] as? String == "0.00")
            let info = try await server.callAuthenticated(
                .get,
                "/open-api/v1/account/\(cardholderNo)/info",
                credential: credential
            )
            let account = try #require((info.data?["list"] as? [[String: Any]])?.first)
            #expect(account["symbol"] as? String == "TUSDT" && account["symbol_chain"] as? String == "TRON")
            #expect(account["balance"] as? String == "0.00" && account["usd_balance"] as? String == "0.00")
            #expect(try await server.verifyLedger().isClean)
        }
    }

    @Test(arguments: StoreKind.available)
    func shortBalancesAre3002And3007(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (credential, cardholderNo) = try await Self.setUp(server)
            let out = try await server.callAuthenticated(
                .post,
                Self.transferPath,
                credential: credential,
                body: Self.body(cardholderNo, "T_OUT", "Out", #""10.01""#)
            )
            #expect(out.code == 3002 && out.msg == "Insufficient cardholder account balance")
            let into = try await server.callAuthenticated(
                .post,
                Self.transferPath,
                credential: credential,
                body: Self.body(cardholderNo, "T_IN", "In", #""100.01""#)
            )
            #expect(into.code == 3007 && into.msg == "Insufficient merchant account balance")
            let zh = try await server.callAuthenticated(
                .post,
                Self.transferPath,
                credential: credential,
                body: Self.body(cardholderNo, "T_IN", "In", #""100.01""#),
                language: "zh_CN"
            )
            #expect(zh.code == 3007 && zh.msg == "商户账户余额不足")
            // A refused transfer does not use up its reference number.
            let retry = try await server.callAuthenticated(
                .post,
                Self.transferPath,
                credential: credential,
                body: Self.body(cardholderNo, "T_IN", "In", #""100.00""#)
            )
            #expect(retry.code == 0)
        }
    }

    @Test(arguments: StoreKind.available)
    func reusedReferenceIs3004(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (credential, cardholderNo) = try await Self.setUp(server)
            let body = Self.body(cardholderNo, "TRANSFER_202605220001", "In", #""1.00""#)
            #expect(
                try await server.callAuthenticated(.post, Self.transferPath, credential: credential, body: body).code
                    == 0
            )
            let again = try await server.callAuthenticated(.post, Self.transferPath, credential: credential, body: body)
            #expect(again.code == 3004 && again.msg == "Transfer reference number already exists")
        }
    }

    @Test(arguments: StoreKind.available)
    func badAmountsAre3005AndBadTypesAre3006(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (credential, cardholderNo) = try await Self.setUp(server)
            for balance in [#""0""#, #""-1.00""#, #""1.005""#, #""1e2""#, "1.00", #""""#, "null"] {
                let reply = try await server.callAuthenticated(
                    .post,
                    Self.transferPath,
                    credential: credential,
                    body: Self.body(cardholderNo, "T", "In", balance)
                )
                let expected = balance == "null" ? 1004 : 3005
                #expect(reply.code == expected, "balance \(balance): \(reply.raw)")
            }
            let badType = try await server.callAuthenticated(
                .post,
                Self.transferPath,
                credential: credential,
                body: Self.body(cardholderNo, "T", "Sideways", #""1.00""#)
            )
            #expect(badType.code == 3006 && badType.msg == "Invalid transfer type")
            let amountMessage = try await server.callAuthenticated(
                .post,
                Self.transferPath,
                credential: credential,
                body: Self.body(cardholderNo, "T", "In", #""1.001""#)
            )
            #expect(amountMessage.msg == "Invalid transfer amount format or precision")
        }
    }

    @Test(arguments: StoreKind.available)
    func missingFieldsAre1004(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (credential, cardholderNo) = try await Self.setUp(server)
            let cases: [(String, String)] = [
                (#"{"transfer_unique_no":"T","type":"In","balance":"1.00"}"#, "cardholder_no"),
                (#"{"cardholder_no":"\#(cardholderNo)","type":"In","balance":"1.00"}"#, "transfer_unique_no"),
                (#"{"cardholder_no":"\#(cardholderNo)","transfer_unique_no":"T","balance":"1.00"}"#, "type"),
                (#"{"cardholder_no":"\#(cardholderNo)","transfer_unique_no":"T","type":"In"}"#, "balance"),
            ]
            for (body, field) in cases {
                let reply = try await server.callAuthenticated(
                    .post,
                    Self.transferPath,
                    credential: credential,
                    body: body
                )
                #expect(reply.code == 1004 && reply.msg == "\(field): Invalid request parameter")
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func cardholderProblemsAre2002And2005(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let merchant = try await server.onboard(mode: .creditExtension)
            let merchantNo = merchant.merchant.merchantNo
            try await server.fundReserve(merchantNo: merchantNo, amount: "10.00")
            let unknown = try await server.callAuthenticated(
                .post,
                Self.transferPath,
                credential: merchant.credential,
                body: Self.body("U00000000000000", "T", "In", #""1.00""#)
            )
            #expect(unknown.code == 2002)
            let info = try await server.callAuthenticated(
                .get,
                "/open-api/v1/account/U00000000000000/info",
                credential: merchant.credential
            )
            #expect(info.code == 2002)
            let rejected = try await server.cardholder(
                merchantNo: merchantNo,
                uniqueNo: "REJ",
                token: "sim_rejected_r",
                until: .rejected
            )
            let refused = try await server.callAuthenticated(
                .post,
                Self.transferPath,
                credential: merchant.credential,
                body: Self.body(rejected.cardholderNo, "T", "In", #""1.00""#)
            )
            #expect(refused.code == 2005 && refused.msg == "Cardholder verification failed")
            let pending = try await server.cardholder(
                merchantNo: merchantNo,
                uniqueNo: "PEN",
                token: "sim_pending_p",
                until: .inProgress
            )
            let waiting = try await server.callAuthenticated(
                .post,
                Self.transferPath,
                credential: merchant.credential,
                body: Self.body(pending.cardholderNo, "T", "In", #""1.00""#)
            )
            #expect(waiting.code == 2004)
        }
    }

    @Test(arguments: StoreKind.available)
    func authorizationMerchantsHaveNoAccounts1012(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let merchant = try await server.onboard(mode: .authorization)
            let reply = try await server.callAuthenticated(
                .post,
                Self.transferPath,
                credential: merchant.credential,
                body: Self.body("U1", "T", "In", #""1.00""#)
            )
            #expect(reply.code == 1012)
            let list = try await server.callAuthenticated(
                .post,
                "/open-api/v1/account/transfer/list",
                credential: merchant.credential,
                body: #"{"start_time":"2026-01-01","end_time":"2026-01-02"}"#
            )
            #expect(list.code == 1012)
        }
    }

    @Test(arguments: StoreKind.available)
    func transferListShowsWhatWasStored(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (credential, cardholderNo) = try await Self.setUp(server)
            _ = try await server.callAuthenticated(
                .post,
                Self.transferPath,
                credential: credential,
                body: Self.body(cardholderNo, "LISTED", "In", #""2.50""#)
            )
            let today = CivilDate(unixDays: server.clock.nowMs() / 86_400_000)
            let day =
                "\(CivilDate.zeroPadded(today.year, width: 4))-\(CivilDate.zeroPadded(today.month, width: 2))-\(CivilDate.zeroPadded(today.day, width: 2))"
            let token = try await server.accessToken(for: credential)
            var headers = server.headers(apiKey: credential.apiKey.reveal(), accessToken: token)
            headers[HTTPField.Name("Timezone")!] = "UTC"
            let reply = try await server.call(
                .post,
                "/open-api/v1/account/transfer/list",
                headers: headers,
                body: #"{"start_time":"\#(day)","end_time":"\#(day)","transfer_unique_no":"LISTED"}"#
            )
            let row = try #require((reply.data?["list"] as? [[String: Any]])?.first, "\(reply.raw)")
            #expect(row["type"] as? String == "In" && row["balance"] as? String == "2.50")
            #expect(row["before_balance"] as? String == "10.00" && row["after_balance"] as? String == "12.50")
            #expect(row["status"] as? String == "Success" && row["symbol"] as? String == "TUSDT")
            let holder = try await server.cardholderInfo(credential, cardholderNo)
            #expect(holder.data?["total_balance"] as? String == "12.50")
            let backwards = try await server.call(
                .post,
                "/open-api/v1/account/transfer/list",
                headers: headers,
                body: #"{"start_time":"2026-02-01","end_time":"2026-01-01"}"#
            )
            #expect(backwards.code == 1019)
        }
    }
}
