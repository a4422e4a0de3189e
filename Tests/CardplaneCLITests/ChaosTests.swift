import CardplaneStore
import CardplaneTesting
import Foundation
import SQLKit
import Testing

/// A server on PostgreSQL killed five times (SIGKILL) under mixed load — transfers, card
/// authorizations and their clearing, callbacks to a live merchant — and started again each time:
/// the ledger verifies, every operation the server acknowledged is there, and every callback
/// reaches the merchant at least once with its original `id`.
@Suite(.serialized) struct ChaosTests {
    static let kills = 5
    static let arguments = [
        "--sandbox", "--no-demo", "--kyc-decision-delay-ms", "0", "--card-production-delay-ms", "0",
        "--callback-allow-network", "127.0.0.0/8", "--rate-limit", "100000", "--rate-burst", "100000",
    ]

    @Test(.enabled(if: StoreKind.available.contains(.postgres)))
    func fiveKillsUnderMixedLoadLoseNothing() async throws {
        try await TestDatabase.with(.postgres) { database in
            let keyFile = MerchantCommandTests.temporaryKeyFile()
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let env = MerchantCommandTests.environment(database, keyFile: keyFile)
            let merchant = try await ServedMerchant.create(env)
            let receiver = CallbackReceiver()
            try await receiver.serve { url in
                _ = try await CardplaneProcess.succeed(
                    ["merchant", "callback", "set", "--merchant", merchant.merchantNo, "--url", url, "--sandbox"],
                    environment: env
                )
                let acknowledged = Acknowledged()
                let card = try await Self.fundedCard(env, merchant)
                for cycle in 0..<Self.kills {
                    let server = try ServeProcess(arguments: Self.arguments, environment: env)
                    try await server.waitUntilHealthy()
                    let client = try await MerchantClient(port: server.port, apiKey: merchant.apiKey)
                    let before = await acknowledged.count
                    let load = Task { await Self.mixedLoad(client, card: card, cycle: cycle, into: acknowledged) }
                    for _ in 0..<300 where await acknowledged.count < before + 20 {
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    server.crash()
                    await load.value
                    #expect(await acknowledged.count >= before + 20, "cycle \(cycle) ran load before its kill")
                }
                let server = try ServeProcess(arguments: Self.arguments, environment: env)
                defer { server.stop() }
                try await server.waitUntilHealthy()
                try await Self.expectEverythingKept(database, env, acknowledged)
                try await Self.expectEveryCallbackDelivered(database, receiver)
            }
        }
    }

    /// The merchant's card with a balance for the load's authorizations.
    static func fundedCard(_ env: [String: String], _ merchant: ServedMerchant) async throws -> FundedCard {
        let server = try ServeProcess(arguments: arguments, environment: env)
        defer { server.stop() }
        try await server.waitUntilHealthy()
        let client = try await MerchantClient(port: server.port, apiKey: merchant.apiKey)
        let (cardNo, cardholderNo) = try await ServedMerchant.virtualCard(
            client,
            packageNo: merchant.packageNo,
            balance: "500.00"
        )
        return FundedCard(cardNo: cardNo, cardholderNo: cardholderNo)
    }

    /// Transfers on one task, authorizations each followed by its clearing on another, until the
    /// server stops answering.
    static func mixedLoad(_ client: MerchantClient, card: FundedCard, cycle: Int, into acknowledged: Acknowledged) async
    {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for index in 0..<100_000 {
                    let uniqueNo = "chaos-\(cycle)-\(index)"
                    guard let reply = try? await client.transfer(card.cardholderNo, uniqueNo, "In", "0.01") else {
                        return
                    }
                    if reply["code"] as? Int == 0 { await acknowledged.add(transfer: uniqueNo) }
                }
            }
            group.addTask {
                for index in 0..<100_000 {
                    let transactionID = "ntx_chaos_\(cycle)_\(index)"
                    let authorize =
                        #"{"card_no":"\#(card.cardNo)","amount":"0.01","network_transaction_id":"\#(transactionID)"}"#
                    guard let authorized = try? await simulator(client.port, "authorize", authorize) else { return }
                    guard authorized["error"] == nil else { continue }
                    await acknowledged.add(authorization: transactionID)
                    let messageID = "clr_chaos_\(cycle)_\(index)"
                    let clear = #"{"network_transaction_id":"\#(transactionID)","message_id":"\#(messageID)"}"#
                    guard let cleared = try? await simulator(client.port, "clear", clear) else { return }
                    if cleared["error"] == nil { await acknowledged.add(clearing: messageID) }
                }
            }
        }
    }

    static func simulator(_ port: Int, _ step: String, _ body: String) async throws -> [String: Any] {
        try await HTTP.post(port: port, path: "/simulator/v1/\(step)", headers: [:], body: body)
    }

    /// The ledger verifies and every acknowledged transfer, authorization and clearing is stored.
    static func expectEverythingKept(
        _ database: TestDatabase,
        _ env: [String: String],
        _ acknowledged: Acknowledged
    ) async throws {
        let verify = try await CardplaneProcess.run(["ledger", "verify"], environment: env)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let stored = try await Store.withStore(database.url, logger: TestLogging.logger) { store in
            try await store.withConnection { database in
                (
                    transfers: Set(try await strings(database, "SELECT transfer_unique_no AS v FROM account_transfer")),
                    authorizations: Set(
                        try await strings(
                            database,
                            "SELECT network_transaction_id AS v FROM card_consumption WHERE network_transaction_id IS NOT NULL"
                        )
                    ),
                    clearings: Set(
                        try await strings(database, "SELECT message_id AS v FROM network_message WHERE kind = 'clear'")
                    )
                )
            }
        }
        #expect(await acknowledged.transfers.isSubset(of: stored.transfers), "every acknowledged transfer survived")
        #expect(await acknowledged.authorizations.isSubset(of: stored.authorizations), "every authorization survived")
        #expect(await acknowledged.clearings.isSubset(of: stored.clearings), "every clearing survived")
    }

    /// Waits until the outbox has nothing left to send — as long as it keeps draining, and at most
    /// 90 s without progress (a delivery cut by a kill is retried when its 35 s lease ends) — then
    /// checks the merchant got every event by its id. Events no callback type carries (a
    /// cardholder's status) are `skipped` by design.
    static func expectEveryCallbackDelivered(_ database: TestDatabase, _ receiver: CallbackReceiver) async throws {
        var events: [String] = []
        var unsent = ["not read yet"]
        var (fewestUnsent, lastProgress) = (Int.max, ContinuousClock.now)
        while !unsent.isEmpty, ContinuousClock.now - lastProgress < .seconds(90) {
            try await Task.sleep(for: .seconds(1))
            (events, unsent) = try await Store.withStore(database.url, logger: TestLogging.logger) { store in
                try await store.withConnection { database in
                    (
                        try await strings(database, "SELECT event_id AS v FROM outbox_event WHERE status <> 'skipped'"),
                        try await strings(
                            database,
                            """
                            SELECT event_id || ' ' || event_type || ' ' || status || ' after ' || attempts
                                || ' attempts: ' || COALESCE(last_error, '') AS v
                            FROM outbox_event WHERE status NOT IN ('delivered', 'skipped')
                            """
                        )
                    )
                }
            }
            if unsent.count < fewestUnsent { (fewestUnsent, lastProgress) = (unsent.count, ContinuousClock.now) }
        }
        #expect(unsent.isEmpty, "every callback was acknowledged; not: \(unsent)")
        let received = Set(
            receiver.received.compactMap { request in
                (try? JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])?["id"] as? String
            }
        )
        #expect(events.count > kills, "the load made callbacks")
        #expect(Set(events).isSubset(of: received), "each callback reached the merchant with its original id")
    }

    static func strings(_ database: any SQLDatabase, _ query: SQLQueryString) async throws -> [String] {
        try await database.raw(query).all().map { try $0.decode(column: "v", as: String.self) }
    }
}

/// The merchant's card under load.
struct FundedCard: Sendable {
    let cardNo: String
    let cardholderNo: String
}

/// What the server acknowledged during the load.
actor Acknowledged {
    private(set) var transfers: Set<String> = []
    private(set) var authorizations: Set<String> = []
    private(set) var clearings: Set<String> = []

    var count: Int { transfers.count + authorizations.count + clearings.count }

    func add(transfer: String) { transfers.insert(transfer) }
    func add(authorization: String) { authorizations.insert(authorization) }
    func add(clearing: String) { clearings.insert(clearing) }
}
