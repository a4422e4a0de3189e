import CardplaneTesting
import Foundation
import Testing

/// A credit-extension merchant onboarded through the CLI for tests against a served process: a
/// 1 000 USDT reserve, a virtual-card package assigned and PCI display on.
struct ServedMerchant {
    let merchantNo: String
    let apiKey: String
    let apiSecret: String
    let packageNo: String

    /// Migrates the database and onboards the merchant.
    static func create(_ env: [String: String]) async throws -> ServedMerchant {
        _ = try await CardplaneProcess.succeed(["migrate"], environment: env)
        let created = try await CardplaneProcess.json(
            ["merchant", "create", "--name", "Served", "--mode", "credit_extension", "--ip", "127.0.0.1", "--json"],
            environment: env
        )
        let merchantNo = try #require(created["merchant_no"] as? String)
        _ = try await CardplaneProcess.succeed(
            [
                "merchant", "deposit", "--merchant", merchantNo, "--amount", "1000", "--currency", "USDT",
                "--chain", "TRON", "--tx-hash", SampleHashes.hex64(),
            ],
            environment: env
        )
        let bin = try await CardplaneProcess.succeed(
            ["catalog", "bin", "add", "--bin", "52223344", "--organization", "Visa", "--virtual"],
            environment: env
        )
        let package = try await CardplaneProcess.succeed(
            [
                "catalog", "package", "add", "--bin", try CatalogCommandTests.value(after: "card_bin_no:", in: bin),
                "--type", "Virtual", "--name-en", "Served", "--name-cn", "测试",
            ],
            environment: env
        )
        let packageNo = try CatalogCommandTests.value(after: "package_no:", in: package)
        _ = try await CardplaneProcess.succeed(
            ["merchant", "pci", "set", "--merchant", merchantNo, "--display", "on"],
            environment: env
        )
        _ = try await CardplaneProcess.succeed(
            ["catalog", "assign", "--merchant", merchantNo, "--package", packageNo, "--issuance-limit", "5"],
            environment: env
        )
        return ServedMerchant(
            merchantNo: merchantNo,
            apiKey: try #require(created["api_key"] as? String),
            apiSecret: try #require(created["api_secret"] as? String),
            packageNo: packageNo
        )
    }

    /// A virtual card of an approved cardholder funded with `balance`; returns both numbers.
    static func virtualCard(
        _ client: MerchantClient,
        packageNo: String,
        balance: String = "20.00"
    ) async throws -> (cardNo: String, cardholderNo: String) {
        let cardholderNo = try await client.approvedCardholder(uniqueNo: "SERVED_HOLDER")
        let funded = try await client.transfer(cardholderNo, "SERVED_FUNDS", "In", balance)
        #expect(funded["code"] as? Int == 0, "\(funded)")
        let applied = try await HTTP.post(
            port: client.port,
            path: "/open-api/v1/card/apply",
            headers: client.headers,
            body: #"""
                {"package_no":"\#(packageNo)","cardholder_no":"\#(cardholderNo)","card_unique_no":"SERVED_CARD",\#
                "card_type":"Virtual"}
                """#
        )
        return (try #require((applied["data"] as? [String: Any])?["card_no"] as? String, "\(applied)"), cardholderNo)
    }
}
