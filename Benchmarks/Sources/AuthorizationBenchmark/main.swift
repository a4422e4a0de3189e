import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneVault
import Foundation
import Logging

// Authorization decisions per second through the engine the simulator drives
// (CardTransactions.authorize, credit-extension mode): 50 merchants × 20 cards, each authorization a
// random card, a random amount of 1.00–50.00 USD, a new network transaction id.
// Usage: AuthorizationBenchmark <sqlite|postgres://…> [authorizations] [concurrency]

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: AuthorizationBenchmark <sqlite|postgres-url> [n] [concurrency]\n".utf8))
    exit(2)
}
let total = arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000
let concurrency = arguments.count > 3 ? Int(arguments[3]) ?? 32 : 32
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cardplane-bench-\(UUID().uuidString)")
let url: DatabaseURL =
    arguments[1] == "sqlite"
    ? .sqlite(path: directory.appendingPathComponent("bench.sqlite").path) : DatabaseURL(arguments[1])!
let logger = {
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    return logger
}()

let result = try await Store.withStore(url, options: .init(postgresConnectionsMax: concurrency), logger: logger) {
    store in
    try await store.migrate()
    let configuration = ServerConfiguration(kycWorker: .init(decisionDelayMs: 0))
    let services = try CardplaneServices(
        configuration: configuration,
        store: store,
        keyRing: .generate(),
        logger: logger
    )
    let cards = try await CardPopulation.make(services, merchants: 50, cardsEach: 20)
    return try await Drive.run(services, cards: cards, total: total, concurrency: concurrency)
}
try? FileManager.default.removeItem(at: directory)
let engine = arguments[1] == "sqlite" ? "sqlite" : "postgres"
print(
    "\(engine): \(total) authorizations, concurrency \(concurrency): \(Int(result.perSecond)) decisions/s, "
        + "p50 \(result.p50Ms) ms, p99 \(result.p99Ms) ms, approved \(result.approved), verify \(result.verified)"
)
