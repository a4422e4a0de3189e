import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import Testing

/// `cardplane simulate …` against a database with a funded card: a full lifecycle by card number.
@Suite struct SimulateCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        let line = try #require(text.split(separator: "\n").last.map(String.init))
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test(arguments: StoreKind.available)
    func aLifecycleDrivenFromTheCommandLine(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let keyRing = try KeyRing.loadOrCreate(file: keyFile).ring
            let cardNo = try await TestServer.with(database: database, keyRing: keyRing, clock: TestClock()) { server in
                let merchant = try await server.onboard().merchant
                try await server.assignDemoCatalog(to: merchant)
                let holder = try await server.approvedCardholder(merchantNo: merchant.merchantNo, uniqueNo: "CLI")
                try await server.fundReserve(merchantNo: merchant.merchantNo, amount: "100.00")
                try await server.fundCardholder(
                    merchantNo: merchant.merchantNo,
                    cardholderNo: holder.cardholderNo,
                    amount: "100.00"
                )
                let card = try await server.services.cardIssuer.apply(
                    try CardApplication(
                        cardholderNo: holder.cardholderNo,
                        cardUniqueNo: "CLI_CARD",
                        cardType: "Virtual",
                        packageNo: try await server.packageNo(.virtual, merchantNo: merchant.merchantNo),
                        cardBinNo: nil,
                        address: nil,
                        mode: .creditExtension
                    ),
                    merchantNo: merchant.merchantNo
                )
                return card.cardNo
            }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            func run(_ arguments: [String]) async throws -> [String: Any] {
                try Self.json(try await CardplaneProcess.succeed(["simulate"] + arguments, environment: env))
            }
            let authorized = try await run(["authorize", "--card", cardNo, "--amount", "1000", "--currency", "JPY"])
            #expect(authorized["approved"] as? Bool == true && authorized["amount"] as? Double == 6.70, "\(authorized)")
            let networkID = try #require(authorized["network_transaction_id"] as? String)
            let cleared = try await run(["clear", "--network-id", networkID])
            #expect(
                cleared["status"] as? String == "Success" && cleared["local_amount"] as? Double == 1_000,
                "\(cleared)"
            )
            #expect(
                try await run(["refund", "--network-id", networkID, "--amount", "1.00"])["type"] as? String == "Refund"
            )
            let atm = try await run([
                "authorize", "--card", cardNo, "--amount", "20.00", "--atm", "--network-id", "ATM_1",
            ])
            #expect(atm["type"] as? String == "Atm" && (atm["fee_detail"] as? [[String: Any]])?.count == 1)
            #expect(try await run(["reverse", "--network-id", "ATM_1"])["type"] as? String == "Reversal")
            #expect(
                try await CardplaneProcess.succeed(["simulate", "expire"], environment: env).contains(#"{"expired":0}"#)
            )
            let unknown = try await CardplaneProcess.run(
                ["simulate", "clear", "--network-id", "nope"],
                environment: env
            )
            #expect(unknown.status != 0 && unknown.stderr.contains("no authorization with that network transaction id"))
            let verify = try await CardplaneProcess.succeed(["ledger", "verify"], environment: env)
            #expect(verify.contains("clean"))
        }
    }
}
