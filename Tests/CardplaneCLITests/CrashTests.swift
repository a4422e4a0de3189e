import CardplaneStore
import CardplaneTesting
import Foundation
import SQLKit
import Testing

/// A server killed mid-load loses nothing it acknowledged and leaves no partial entry.
@Suite(.serialized) struct CrashTests {
    static func timestamp() -> String { String(Int64(Date().timeIntervalSince1970 * 1_000)) }

    @Test(arguments: StoreKind.available)
    func killedMidLoadTheLedgerStaysWhole(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            _ = try await CardplaneProcess.succeed(["migrate"], environment: env)
            let created = try await CardplaneProcess.json(
                ["merchant", "create", "--name", "Crash", "--mode", "credit_extension", "--ip", "127.0.0.1", "--json"],
                environment: env
            )
            let merchantNo = try #require(created["merchant_no"] as? String)
            let apiKey = try #require(created["api_key"] as? String)
            _ = try await CardplaneProcess.succeed(
                [
                    "merchant", "deposit", "--merchant", merchantNo, "--amount", "100000", "--currency", "USDT",
                    "--chain", "TRON", "--tx-hash", SampleHashes.hex64(),
                ],
                environment: env
            )
            let server = try ServeProcess(
                arguments: [
                    "--no-demo", "--kyc-decision-delay-ms", "0", "--rate-limit", "100000", "--rate-burst", "100000",
                ],
                environment: env
            )
            try await server.waitUntilHealthy()
            let client = try await MerchantClient(port: server.port, apiKey: apiKey)
            let cardholderNo = try await client.approvedCardholder(uniqueNo: "CRASH_HOLDER")

            let acknowledged = AcknowledgedTransfers()
            let load = Task {
                await withTaskGroup(of: Void.self) { group in
                    for worker in 0..<8 {
                        group.addTask {
                            for index in 0..<10_000 {
                                let uniqueNo = "crash-\(worker)-\(index)"
                                guard let reply = try? await client.transfer(cardholderNo, uniqueNo, "In", "1.00")
                                else { return }
                                if reply["code"] as? Int == 0 { await acknowledged.add(uniqueNo) }
                            }
                        }
                    }
                }
            }
            // Crash mid-load: once some transfers were acknowledged (at most 30 s on a loaded machine).
            for _ in 0..<300 where await acknowledged.all.count < 20 {
                try await Task.sleep(for: .milliseconds(100))
            }
            server.crash()
            await load.value
            let acknowledgedNos = await acknowledged.all
            #expect(acknowledgedNos.count > 10, "the load ran before the crash")

            let verify = try await CardplaneProcess.run(["ledger", "verify"], environment: env)
            #expect(verify.status == 0, "\(verify.stdout)")
            let stored = try await Store.withStore(database.url, logger: TestLogging.logger) { store in
                try await store.withConnection { database in
                    try await database.raw("SELECT transfer_unique_no FROM account_transfer").all()
                        .map { try $0.decode(column: "transfer_unique_no", as: String.self) }
                }
            }
            let storedSet = Set(stored)
            #expect(acknowledgedNos.isSubset(of: storedSet), "every acknowledged transfer survived")
            #expect(
                stored.count - acknowledgedNos.count <= 8,
                "at most one unacknowledged commit per connection in flight"
            )
        }
    }
}

/// Transfer numbers the server answered with code 0.
actor AcknowledgedTransfers {
    private(set) var all: Set<String> = []
    func add(_ uniqueNo: String) { all.insert(uniqueNo) }
}

/// A merchant talking to a served process over HTTP.
struct MerchantClient: Sendable {
    let port: Int
    let apiKey: String
    let accessToken: String

    init(port: Int, apiKey: String) async throws {
        self.port = port
        self.apiKey = apiKey
        let reply = try await HTTP.getObject(
            port: port,
            path: "/open-api/v1/merchant/token",
            headers: ["Api-Key": apiKey, "Timestamp": CrashTests.timestamp()]
        )
        guard let data = reply["data"] as? [String: Any], let token = data["access_token"] as? String else {
            throw CardplaneProcess.Failure("no token: \(reply)")
        }
        accessToken = token
    }

    var headers: [String: String] {
        ["Api-Key": apiKey, "Timestamp": CrashTests.timestamp(), "Access-Token": accessToken]
    }

    func approvedCardholder(uniqueNo: String) async throws -> String {
        let applied = try await HTTP.post(
            port: port,
            path: "/open-api/v1/cardholder/apply",
            headers: headers,
            body: #"{"cardholder_unique_no":"\#(uniqueNo)","sumsub_share_token":"sim_approved_\#(uniqueNo)"}"#
        )
        guard let number = (applied["data"] as? [String: Any])?["cardholder_no"] as? String else {
            throw CardplaneProcess.Failure("apply failed: \(applied)")
        }
        for _ in 0..<100 {
            let info = try await HTTP.getObject(
                port: port,
                path: "/open-api/v1/cardholder/\(number)/info",
                headers: headers
            )
            if (info["data"] as? [String: Any])?["status"] as? String == "Approved" { return number }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CardplaneProcess.Failure("cardholder never approved")
    }

    func transfer(
        _ cardholderNo: String,
        _ uniqueNo: String,
        _ type: String,
        _ amount: String
    ) async throws -> [String: Any] {
        try await HTTP.post(
            port: port,
            path: "/open-api/v1/account/transfer",
            headers: headers,
            body:
                #"{"cardholder_no":"\#(cardholderNo)","transfer_unique_no":"\#(uniqueNo)","type":"\#(type)","balance":"\#(amount)"}"#
        )
    }
}
