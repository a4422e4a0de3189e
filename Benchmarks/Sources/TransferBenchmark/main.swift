import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneVault
import Foundation
import Logging

// Transfers per second through the ledger, the way the API runs them (CardholderAccounts.transfer),
// on SQLite and PostgreSQL, in two shapes:
//   spread: 100 merchants × 10 cardholders, each transfer picks a random pair (little contention);
//   hot:    one merchant × 1,000 cardholders, every transfer goes through the merchant's reserve.
// Usage: TransferBenchmark <sqlite|postgres://…> <spread|hot> [transfers] [concurrency]

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(
        Data("usage: TransferBenchmark <sqlite|postgres-url> <spread|hot> [n] [concurrency]\n".utf8)
    )
    exit(2)
}
let shape = arguments[2]
let transferCount = arguments.count > 3 ? Int(arguments[3]) ?? 20_000 : 20_000
let concurrency = arguments.count > 4 ? Int(arguments[4]) ?? 32 : 32
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cardplane-bench-\(UUID().uuidString)")
let url: DatabaseURL =
    arguments[1] == "sqlite"
    ? .sqlite(path: directory.appendingPathComponent("bench.sqlite").path) : DatabaseURL(arguments[1])!

let logger = {
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    return logger
}()

let (merchantCount, cardholdersPerMerchant) = shape == "hot" ? (1, 1_000) : (100, 10)
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
    let pairs = try await Setup.population(services, merchants: merchantCount, cardholdersEach: cardholdersPerMerchant)
    return try await Runner.run(services, pairs: pairs, transfers: transferCount, concurrency: concurrency)
}
try? FileManager.default.removeItem(at: directory)
let engine = arguments[1] == "sqlite" ? "sqlite" : "postgres"
print(
    "\(engine) \(shape): \(transferCount) transfers, concurrency \(concurrency): "
        + "\(Int(result.perSecond)) transfers/s, p50 \(result.p50Ms) ms, p99 \(result.p99Ms) ms, verify \(result.verified)"
)
