import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Testing

/// `cardholder/apply` and `info`: the verification flow and every cardholder code, on both stores.
@Suite struct CardholderApplyTests {
    @Test(arguments: StoreKind.available)
    func approvedFlowMovesThroughEveryStatusAndRecordsEvents(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            let reply = try await server.applyCardholder(
                credential,
                uniqueNo: "MERCHANT_USER_001",
                token: "sim_approved_a"
            )
            #expect(reply.code == 0 && reply.data?["cardholder_unique_no"] as? String == "MERCHANT_USER_001")
            let cardholderNo = try #require(reply.data?["cardholder_no"] as? String)
            #expect(cardholderNo.hasPrefix("U") && cardholderNo.count == 1 + 8 + 10)
            #expect(try await server.cardholderInfo(credential, cardholderNo).data?["status"] as? String == "Pending")
            try await server.services.kycWorker.runOnce()
            #expect(
                try await server.cardholderInfo(credential, cardholderNo).data?["status"] as? String == "In_progress"
            )
            let info = try await server.driveVerification(credential, cardholderNo, until: "Approved")
            #expect(info.data?["status"] as? String == "Approved")
            #expect((info.data?["email"] as? String)?.hasSuffix("@example.com") == true)
            #expect(info.data?["total_balance"] as? String == "0.00")
            #expect((info.data?["card_list"] as? [Any])?.isEmpty == true)
            let events = try await server.store.withConnection { database in
                try await OutboxRecords(database).events(aggregateType: "cardholder", aggregateNo: cardholderNo)
            }
            #expect(events.map(\.aggregateVersion) == [1, 2, 3])
            #expect(events.map(\.eventType) == Array(repeating: "cardholder.status_changed", count: 3))
            #expect(events[2].payload.contains(#""after_status":"Approved""#))
            #expect(events[2].payload.contains(#""before_status":"In_progress""#))
        }
    }

    @Test(arguments: StoreKind.available)
    func usedUniqueNumberIs2001(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            _ = try await server.newCardholder(credential, uniqueNo: "USER_1", token: "sim_approved_1")
            let again = try await server.applyCardholder(credential, uniqueNo: "USER_1", token: "sim_approved_2")
            #expect(again.code == 2001 && again.msg == "Cardholder already exists")
            let zh = try await server.applyCardholder(
                credential,
                uniqueNo: "USER_1",
                token: "sim_approved_2",
                language: "zh_CN"
            )
            #expect(zh.code == 2001 && zh.msg == "持卡人已存在")
            // Unique numbers are per merchant: another merchant may use the same one.
            let other = try await server.onboard().credential
            #expect(try await server.applyCardholder(other, uniqueNo: "USER_1", token: "sim_approved_3").code == 0)
        }
    }

    @Test(arguments: StoreKind.available)
    func unknownOrForeignCardholderIs2002(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            let other = try await server.onboard().credential
            let foreign = try await server.newCardholder(other, uniqueNo: "THEIRS", token: "sim_approved_x")
            let update = try await server.applyCardholder(
                credential,
                uniqueNo: "THEIRS",
                token: "sim_approved_y",
                cardholderNo: foreign
            )
            #expect(update.code == 2002 && update.msg == "Cardholder does not exist")
            #expect(try await server.cardholderInfo(credential, foreign).code == 2002)
            #expect(try await server.cardholderInfo(credential, "U00000000000000").code == 2002)
        }
    }

    @Test(arguments: StoreKind.available)
    func approvedCardholderCannotReapply2003(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            let number = try await server.newCardholder(credential, uniqueNo: "USER_A", token: "sim_approved_a")
            _ = try await server.driveVerification(credential, number, until: "Approved")
            let reply = try await server.applyCardholder(
                credential,
                uniqueNo: "USER_A",
                token: "sim_approved_b",
                cardholderNo: number
            )
            #expect(reply.code == 2003 && reply.msg == "Cardholder already verified")
        }
    }

    @Test(arguments: StoreKind.available)
    func pendingCardholderCannotReapply2004(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            let number = try await server.newCardholder(credential, uniqueNo: "USER_P", token: "sim_pending_p")
            let reply = try await server.applyCardholder(
                credential,
                uniqueNo: "USER_P",
                token: "sim_approved_b",
                cardholderNo: number
            )
            #expect(reply.code == 2004 && reply.msg == "Cardholder has a pending verification")
            // A vendor that never decides keeps the cardholder In_progress, and still blocks re-applying.
            let info = try await server.driveVerification(credential, number, until: "Approved", steps: 4)
            #expect(info.data?["status"] as? String == "In_progress")
            let again = try await server.applyCardholder(
                credential,
                uniqueNo: "USER_P",
                token: "sim_approved_b",
                cardholderNo: number
            )
            #expect(again.code == 2004)
        }
    }

    @Test(arguments: StoreKind.available)
    func unresolvableShareTokenIs2006(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            for token in ["sim_unavailable_x", "some_real_vendor_token"] {
                let reply = try await server.applyCardholder(credential, uniqueNo: "USER_U", token: token)
                #expect(reply.code == 2006 && reply.msg == "Failed to retrieve cardholder KYC information")
            }
            // Nothing was created: the unique number is still free.
            #expect(try await server.applyCardholder(credential, uniqueNo: "USER_U", token: "sim_approved_u").code == 0)
        }
    }

    @Test(arguments: StoreKind.available)
    func updateWithAnotherUniqueNumberIs2011(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            let number = try await server.newCardholder(credential, uniqueNo: "USER_M", token: "sim_rejected_m")
            let reply = try await server.applyCardholder(
                credential,
                uniqueNo: "USER_OTHER",
                token: "sim_approved_m",
                cardholderNo: number
            )
            #expect(reply.code == 2011 && reply.msg == "Cardholder unique number mismatch")
        }
    }

    @Test(arguments: StoreKind.available)
    func rejectedCardholderShowsTheReasonAndMayReapply(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            let number = try await server.newCardholder(credential, uniqueNo: "USER_R", token: "sim_rejected_r")
            let rejected = try await server.driveVerification(credential, number, until: "Rejected")
            #expect(rejected.data?["status"] as? String == "Rejected")
            #expect(rejected.data?["fail_reason"] as? String == "document expired")
            let reapply = try await server.applyCardholder(
                credential,
                uniqueNo: "USER_R",
                token: "sim_approved_r",
                cardholderNo: number
            )
            #expect(reapply.code == 0 && reapply.data?["cardholder_no"] as? String == number)
            let info = try await server.cardholderInfo(credential, number)
            #expect(info.data?["status"] as? String == "Pending" && info.data?["fail_reason"] as? String == "")
            #expect(
                try await server.driveVerification(credential, number, until: "Approved").data?["status"] as? String
                    == "Approved"
            )
        }
    }

    @Test(arguments: StoreKind.available)
    func malformedApplicationsAre1004(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            let cases: [(String?, String?, String)] = [
                (nil, "sim_approved_1", "cardholder_unique_no"), ("USER", nil, "sumsub_share_token"),
                (String(repeating: "x", count: 65), "sim_approved_1", "cardholder_unique_no"),
            ]
            for (uniqueNo, token, field) in cases {
                let reply = try await server.applyCardholder(credential, uniqueNo: uniqueNo, token: token)
                #expect(reply.code == 1004 && reply.msg == "\(field): Invalid request parameter")
            }
        }
    }
}
