import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import SQLKit
import Testing

/// Callbacks run in one lane per merchant: a merchant that hangs delays only itself; a callback
/// whose retry schedule is exhausted is dead until an operator replays it.
@Suite struct CallbackLaneTests {
    /// Polls `condition` every 20 ms for at most `seconds`; whether it became true.
    static func eventually(seconds: Double, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1_000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    /// Two waits (1 s, 2 s), so the third failed attempt exhausts the schedule.
    static var shortSchedule: ServerConfiguration {
        var configuration = TestServer.configuration
        configuration.callbacks = .init(backoffMs: [1_000, 2_000])
        return configuration
    }

    @Test(arguments: StoreKind.available)
    func aHangingMerchantDelaysNobodyElse(_ kind: StoreKind) async throws {
        let configuration = {
            var configuration = TestServer.configuration
            configuration.callbacks = .init(pollIntervalMs: 50, requestTimeoutMs: 5_000)
            return configuration
        }()
        let hanging = CallbackReceiver(delayMs: 6_000)
        let prompt = CallbackReceiver()
        try await hanging.serve { hangingURL in
            try await prompt.serve { promptURL in
                try await TestDatabase.with(kind) { database in
                    try await TestServer.with(
                        database: database,
                        keyRing: .generate(),
                        clock: TestClock(),
                        configuration: configuration,
                        runsBackgroundWorkers: true
                    ) { server in
                        let slow = try await CardTests.setUp(server)
                        let quick = try await CardTests.setUp(server)
                        try await server.administration.setCallbackURL(hangingURL, merchantNo: slow.merchantNo)
                        try await server.administration.setCallbackURL(promptURL, merchantNo: quick.merchantNo)
                        for index in 0..<3 { _ = try await CardTests.issue(server, slow, uniqueNo: "SLOW_\(index)") }
                        #expect(try await Self.eventually(seconds: 10) { !hanging.received.isEmpty }, "A is hanging")
                        _ = try await CardTests.issue(server, quick, uniqueNo: "QUICK")
                        let due = ContinuousClock.now  // B's callback is in the outbox from here
                        #expect(try await Self.eventually(seconds: 10) { prompt.received.count == 1 })
                        let waited = ContinuousClock.now - due
                        // A's three callbacks take 3 × 5 s to time out; one lane for all would hold B's
                        // behind them for seconds. Alone B's arrives within 0.2 s; the bound allows for a
                        // full parallel run, where blocked cooperative threads delay wake-ups.
                        #expect(waited < .seconds(3), "B's callback took \(waited) behind A's hanging endpoint")
                        #expect(hanging.received.count < 3, "A's lane was still busy when B's callback arrived")
                    }
                }
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func anExhaustedScheduleMakesACallbackDeadUntilReplayed(_ kind: StoreKind) async throws {
        let receiver = CallbackReceiver(failFirst: 3)
        try await receiver.serve { url in
            try await TestServer.with(kind, configuration: Self.shortSchedule) { server in
                let setup = try await CardTests.setUp(server)
                try await server.administration.setCallbackURL(url, merchantNo: setup.merchantNo)
                _ = try await CardTests.issue(server, setup, uniqueNo: "DOOMED")
                for _ in 0..<5 {
                    try await server.services.callbacks.runOnce()
                    server.clock.advance(byMs: 60_000)
                }
                let dead = try await server.administration.deliveries(
                    merchantNo: setup.merchantNo,
                    status: .dead,
                    limit: 10
                )
                #expect(dead.count == 1 && dead.first?.attempts == 3, "two waits, three attempts, then dead")
                #expect(dead.first?.lastError?.contains("HTTP 500") == true)
                #expect(receiver.received.count == 3, "a dead callback is not attempted again by itself")
                let deadID = try #require(dead.first?.event.eventID)
                try await server.administration.replay(eventID: deadID)
                try await server.services.callbacks.runOnce()
                let delivered = try await server.store.withConnection {
                    try await OutboxRecords($0).delivery(eventID: deadID)
                }
                #expect(delivered?.status == .delivered && delivered?.attempts == 4)
                #expect(receiver.received.count == 4 && receiver.received[3].body == receiver.received[0].body)
            }
        }
    }
    /// A lane that took a full batch takes its merchant's next due events itself: a backlog drains
    /// in one pass, in order, without waiting a poll interval per batch.
    @Test(arguments: StoreKind.available)
    func aBacklogDrainsInOnePassInOrder(_ kind: StoreKind) async throws {
        let configuration = {
            var configuration = TestServer.configuration
            configuration.callbacks = .init(laneBatchSize: 2)
            return configuration
        }()
        let receiver = CallbackReceiver()
        try await receiver.serve { url in
            try await TestServer.with(kind, configuration: configuration) { server in
                let setup = try await CardTests.setUp(server)
                try await server.administration.setCallbackURL(url, merchantNo: setup.merchantNo)
                for index in 0..<5 { _ = try await CardTests.issue(server, setup, uniqueNo: "BACKLOG_\(index)") }
                let queued = try await server.administration.deliveries(
                    merchantNo: setup.merchantNo,
                    status: .pending,
                    limit: 10
                )
                #expect(queued.count == 5, "five cards, five callbacks, more than two batches")
                #expect(try await server.services.callbacks.runOnce() == 5)
                let sentIDs = receiver.received.compactMap { request in
                    (try? JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])?["id"]
                        as? String
                }
                let queuedIDs = queued.map(\.event)
                    .sorted { ($0.createdAtMs, $0.eventID) < ($1.createdAtMs, $1.eventID) }
                    .map(\.eventID)
                #expect(sentIDs == queuedIDs, "every callback sent once, oldest first")
            }
        }
    }

    /// A kill between recording an attempt and its outcome (possible up to 0.11, which wrote them
    /// apart) left an attempt row the event does not count; the next attempt still goes out and is
    /// recorded, instead of failing on the row forever.
    @Test(arguments: StoreKind.available)
    func anAttemptLeftHalfRecordedDoesNotStopTheCallback(_ kind: StoreKind) async throws {
        let receiver = CallbackReceiver()
        try await receiver.serve { url in
            try await TestServer.with(kind) { server in
                let setup = try await CardTests.setUp(server)
                try await server.administration.setCallbackURL(url, merchantNo: setup.merchantNo)
                _ = try await CardTests.issue(server, setup, uniqueNo: "HALF")
                let queued = try await server.administration.deliveries(
                    merchantNo: setup.merchantNo,
                    status: .pending,
                    limit: 10
                )
                let eventID = try #require(queued.first?.event.eventID)
                try await server.store.withConnection { database in
                    try await database.raw(
                        """
                        INSERT INTO callback_attempt (event_id, attempt, attempted_at_ms, http_status, outcome, duration_ms)
                        VALUES (\(bind: eventID), 1, 0, 200, 'acknowledged', 1)
                        """
                    ).run()
                }
                #expect(try await server.services.callbacks.runOnce() == 1)
                let delivery = try await server.store.withConnection {
                    try await OutboxRecords($0).delivery(eventID: eventID)
                }
                #expect(delivery?.status == .delivered && delivery?.attempts == 1)
                #expect(receiver.received.count == 1 && receiver.received[0].acknowledged)
            }
        }
    }

    /// Without a callback URL nothing reaches the merchant: the callback waits however often it was
    /// tried, and goes out once the operator sets a URL.
    @Test(arguments: StoreKind.available)
    func withoutAURLACallbackWaitsAndNeverDies(_ kind: StoreKind) async throws {
        let receiver = CallbackReceiver()
        try await receiver.serve { url in
            try await TestServer.with(kind, configuration: Self.shortSchedule) { server in
                let setup = try await CardTests.setUp(server)
                _ = try await CardTests.issue(server, setup, uniqueNo: "WAITING")
                for _ in 0..<5 {
                    try await server.services.callbacks.runOnce()
                    server.clock.advance(byMs: 60_000)
                }
                let waiting = try await server.administration.deliveries(
                    merchantNo: setup.merchantNo,
                    status: nil,
                    limit: 10
                )
                #expect(waiting.count == 1 && waiting.first?.status == .pending && waiting.first?.attempts == 5)
                try await server.administration.setCallbackURL(url, merchantNo: setup.merchantNo)
                try await server.services.callbacks.runOnce()
                #expect(receiver.received.count == 1 && receiver.received[0].acknowledged)
            }
        }
    }
}
