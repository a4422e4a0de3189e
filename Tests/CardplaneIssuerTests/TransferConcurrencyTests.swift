import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import Testing

/// Money under concurrency: many simultaneous transfers against one balance never create or lose
/// money, and a reference number is honoured once.
@Suite struct TransferConcurrencyTests {
    static func request(
        _ cardholderNo: String,
        _ uniqueNo: String,
        _ type: String,
        _ amount: String
    ) throws -> TransferRequest {
        try TransferRequest(
            cardholderNo: cardholderNo,
            transferUniqueNo: uniqueNo,
            type: type,
            balance: .string(amount),
            currency: .tusdt
        )
    }

    /// Runs `count` transfers at once and returns how many succeeded and the codes of the rest.
    static func race(_ count: Int, _ make: @escaping @Sendable (Int) async throws -> Void) async -> (Int, [ErrorCode]) {
        await withTaskGroup(of: ErrorCode?.self) { group in
            for index in 0..<count {
                group.addTask {
                    do {
                        try await make(index)
                        return nil
                    } catch let error as CardplaneError {
                        return error.code
                    } catch {
                        return .systemError
                    }
                }
            }
            var succeeded = 0
            var codes: [ErrorCode] = []
            for await code in group {
                if let code { codes.append(code) } else { succeeded += 1 }
            }
            return (succeeded, codes)
        }
    }

    @Test(arguments: StoreKind.available)
    func twoHundredOutsAgainstOneHundredLeaveExactlyOneHundred(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let merchantNo = try await server.onboard().merchant.merchantNo
            let cardholderNo = try await server.approvedCardholder(merchantNo: merchantNo, uniqueNo: "OUT").cardholderNo
            try await server.fundReserve(merchantNo: merchantNo, amount: "100.00")
            try await server.fundCardholder(merchantNo: merchantNo, cardholderNo: cardholderNo, amount: "100.00")
            let (succeeded, codes) = await Self.race(200) { index in
                _ = try await server.services.accounts.transfer(
                    try Self.request(cardholderNo, "out-\(index)", "Out", "1.00"),
                    merchantNo: merchantNo
                )
            }
            #expect(succeeded == 100)
            #expect(codes.count == 100 && codes.allSatisfy { $0 == .cardholderBalanceInsufficient }, "\(Set(codes))")
            let account = try await server.services.accounts.account(cardholderNo: cardholderNo, merchantNo: merchantNo)
            #expect(account.balanceMinor == 0)
            #expect(try await server.services.treasury.reserve(merchantNo: merchantNo).balanceMinor == 10_000)
            let report = try await server.verifyLedger()
            #expect(report.isClean, "\(report)")
        }
    }

    @Test(arguments: StoreKind.available)
    func twoHundredInsAgainstAReserveOfOneHundred(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let merchantNo = try await server.onboard().merchant.merchantNo
            var cardholders: [String] = []
            for index in 0..<4 {
                cardholders.append(
                    try await server.approvedCardholder(merchantNo: merchantNo, uniqueNo: "IN\(index)").cardholderNo
                )
            }
            try await server.fundReserve(merchantNo: merchantNo, amount: "100.00")
            let targets = cardholders
            let (succeeded, codes) = await Self.race(200) { index in
                _ = try await server.services.accounts.transfer(
                    try Self.request(targets[index % targets.count], "in-\(index)", "In", "1.00"),
                    merchantNo: merchantNo
                )
            }
            #expect(succeeded == 100)
            #expect(codes.allSatisfy { $0 == .merchantBalanceInsufficient }, "\(Set(codes))")
            #expect(try await server.services.treasury.reserve(merchantNo: merchantNo).balanceMinor == 0)
            let report = try await server.verifyLedger()
            #expect(report.isClean, "\(report)")
        }
    }

    @Test(arguments: StoreKind.available)
    func aRepeatedReferenceNumberSucceedsOnce(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let merchantNo = try await server.onboard().merchant.merchantNo
            let cardholderNo = try await server.approvedCardholder(merchantNo: merchantNo, uniqueNo: "DUP").cardholderNo
            try await server.fundReserve(merchantNo: merchantNo, amount: "1000.00")
            let (succeeded, codes) = await Self.race(50) { _ in
                _ = try await server.services.accounts.transfer(
                    try Self.request(cardholderNo, "same-reference", "In", "5.00"),
                    merchantNo: merchantNo
                )
            }
            #expect(succeeded == 1)
            #expect(codes.count == 49 && codes.allSatisfy { $0 == .transferUniqueNoExists }, "\(Set(codes))")
            let account = try await server.services.accounts.account(cardholderNo: cardholderNo, merchantNo: merchantNo)
            #expect(account.balanceMinor == 500)
            #expect(try await server.verifyLedger().isClean)
        }
    }
}

/// One chain transaction credited from many operators' terminals at once is credited once.
@Suite struct DepositConcurrencyTests {
    @Test(arguments: StoreKind.available)
    func concurrentIdenticalDepositsCreditOnce(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let merchantNo = try await server.onboard().merchant.merchantNo
            let txHash = "0x" + SampleHashes.hex64()
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await server.services.treasury.deposit(
                            merchantNo: merchantNo,
                            amountText: "50.00",
                            currency: "USDT",
                            chain: "ETH",
                            txHash: txHash
                        ).credited
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await server.services.treasury.reserve(merchantNo: merchantNo).balanceMinor == 5_000)
            #expect(try await server.verifyLedger().isClean)
        }
    }
}
