import CardplaneCore
import CardplaneStore
import CardplaneTesting
import Foundation
import Testing

/// A real `cardplane serve` on SQLite, driven like a merchant whose side of the encryption is Python's
/// `cryptography` (an independent implementation): private info decrypts there, CVV and PIN encrypted
/// there are accepted. Afterwards neither the database files nor the server's log hold a PAN, CVV or
/// PIN in clear.
@Suite(.serialized) struct CardSecretsAtRestTests {
    /// The demo merchant's credentials, read from the first start's output.
    struct Demo {
        var merchantNo: String
        var apiKey: String
        var apiSecret: String
    }

    static func demo(from stdout: String) throws -> Demo {
        func value(_ label: String) throws -> String {
            let line = try #require(stdout.split(separator: "\n").first { $0.contains(label) })
            return try #require(line.split(separator: " ").last.map(String.init))
        }
        return Demo(
            merchantNo: try value("merchant_no:"),
            apiKey: try value("Api-Key:"),
            apiSecret: try value("apiSecret:")
        )
    }

    /// Calls the API as the demo merchant.
    struct Merchant {
        let port: Int
        let demo: Demo
        var token = ""

        func headers() -> [String: String] {
            ["Api-Key": demo.apiKey, "Timestamp": ServeTests.timestamp(), "Access-Token": token]
        }

        mutating func logIn() async throws {
            let reply = try await HTTP.getObject(port: port, path: "/open-api/v1/merchant/token", headers: headers())
            token = try #require((reply["data"] as? [String: Any])?["access_token"] as? String)
        }

        func post(_ path: String, _ body: [String: Any]) async throws -> [String: Any] {
            let data = try JSONSerialization.data(withJSONObject: body)
            return try await HTTP.post(
                port: port,
                path: path,
                headers: headers(),
                body: String(decoding: data, as: UTF8.self)
            )
        }

        func get(_ path: String) async throws -> [String: Any] {
            try await HTTP.getObject(port: port, path: path, headers: headers())
        }
    }

    @Test(.enabled(if: MerchantCipherScript.isAvailable))
    func pythonMerchantUsesCardSecretsAndNothingLeaksAtRest() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let arguments = [
                "--database", database.url.connectionString, "--master-key-file", keyFile,
                "--kyc-decision-delay-ms", "0", "--card-production-delay-ms", "0", "--log-level", "trace",
            ]
            let first = try ServeProcess(arguments: arguments)
            try await first.waitUntilHealthy()
            let demo = try Self.demo(from: first.stop().stdout)
            _ = try await CardplaneProcess.succeed([
                "merchant", "deposit", "--database", database.url.connectionString, "--master-key-file", keyFile,
                "--merchant", demo.merchantNo, "--amount", "100.00", "--currency", "USDT", "--chain", "TRON",
                "--tx-hash", SampleHashes.hex64(),
            ])
            let server = try ServeProcess(arguments: arguments)
            try await server.waitUntilHealthy()
            let secrets = try await Self.useCards(port: server.port, demo: demo)
            let output = server.stop()
            guard case .sqlite(let path) = database.url else { throw CardplaneProcess.Failure("not SQLite") }
            let files = ["", "-wal", "-shm"].compactMap { FileManager.default.contents(atPath: path + $0) }
            let stored = files.map { String(decoding: $0, as: UTF8.self) }.joined()
            #expect(stored.contains(secrets.cardNo), "the scan reads the database the cards are in")
            for (name, text) in [("database", stored), ("log", output.stderr + output.stdout)] {
                #expect(!text.contains(secrets.pan), "\(name) holds the PAN")
                #expect(!text.contains(secrets.pan.suffix(12)), "\(name) holds most of the PAN")
                #expect(!text.contains(#""cvv":"\#(secrets.cvv)""#), "\(name) holds the CVV as private info shows it")
                #expect(!text.contains(Self.pin), "\(name) holds the PIN")
            }
            #expect(output.stderr.contains(#""route":"/open-api/v1/card/pin/set""#), "the log was captured")
        }
    }

    static let pin = "583920"

    /// Issues a physical card, reads its secrets, activates it and sets its PIN, with Python encrypting
    /// and decrypting; returns the card's number, PAN and CVV.
    static func useCards(port: Int, demo: Demo) async throws -> (cardNo: String, pan: String, cvv: String) {
        var merchant = Merchant(port: port, demo: demo)
        try await merchant.logIn()
        let holder = try await merchant.post(
            "/open-api/v1/cardholder/apply",
            ["cardholder_unique_no": "SCAN", "sumsub_share_token": "sim_approved_scan"]
        )
        let cardholderNo = try #require((holder["data"] as? [String: Any])?["cardholder_no"] as? String, "\(holder)")
        for _ in 0..<50 {
            let info = try await merchant.get("/open-api/v1/cardholder/\(cardholderNo)/info")
            if (info["data"] as? [String: Any])?["status"] as? String == "Approved" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let transfer = try await merchant.post(
            "/open-api/v1/account/transfer",
            ["cardholder_no": cardholderNo, "transfer_unique_no": "SCAN_T", "type": "In", "balance": "50.00"]
        )
        #expect(transfer["code"] as? Int == 0, "\(transfer)")
        let packages = try await merchant.post("/open-api/v1/card/package/list", ["type": "Physical"])
        let list = try #require((packages["data"] as? [String: Any])?["list"] as? [[String: Any]])
        let packageNo = try #require(list.first?["package_no"] as? String)
        let applied = try await merchant.post(
            "/open-api/v1/card/apply",
            [
                "package_no": packageNo, "cardholder_no": cardholderNo, "card_unique_no": "SCAN_CARD",
                "card_type": "Physical",
                "address_info": [
                    "first_name": "Ada", "last_name": "Lovelace", "phone_code": "1", "phone": "2125550100",
                    "postal_code": "10001", "country": "US", "state": "NY", "city": "New York",
                    "address_line1": "350 5th Ave",
                ],
            ]
        )
        let cardNo = try #require((applied["data"] as? [String: Any])?["card_no"] as? String, "\(applied)")
        try await Task.sleep(for: .milliseconds(1_200))  // the production worker polls every 500 ms
        let privateInfo = try await merchant.get("/open-api/v1/card/\(cardNo)/private/info")
        let ciphertext = try #require(privateInfo["data"] as? String, "\(privateInfo)")
        let plaintext = try await MerchantCipherScript.decrypt(apiSecret: demo.apiSecret, base64: ciphertext)
        let info = try #require(try JSONSerialization.jsonObject(with: Data(plaintext.utf8)) as? [String: String])
        let (pan, cvv) = (try #require(info["pan"]), try #require(info["cvv"]))
        #expect(PrimaryAccountNumber(pan) != nil && info["card_no"] == cardNo)
        let activated = try await merchant.post(
            "/open-api/v1/card/active",
            [
                "cardholder_no": cardholderNo, "card_no": cardNo, "card_last_no": String(pan.suffix(4)),
                "cvv": try await MerchantCipherScript.encrypt(apiSecret: demo.apiSecret, plaintext: cvv),
            ]
        )
        #expect(activated["code"] as? Int == 0, "\(activated)")
        let pinSet = try await merchant.post(
            "/open-api/v1/card/pin/set",
            [
                "cardholder_no": cardholderNo, "card_no": cardNo,
                "pin": try await MerchantCipherScript.encrypt(apiSecret: demo.apiSecret, plaintext: pin),
            ]
        )
        #expect(pinSet["code"] as? Int == 0, "\(pinSet)")
        return (cardNo, pan, cvv)
    }
}
