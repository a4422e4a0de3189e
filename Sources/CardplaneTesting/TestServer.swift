public import CardplaneCore
public import CardplaneHTTP
public import CardplaneIssuer
public import CardplaneStore
public import CardplaneVault
import Hummingbird
public import HummingbirdTesting

/// A running Cardplane server on a throwaway database, with what tests need to drive it.
public struct TestServer: Sendable {
    public let kind: StoreKind
    public let store: Store
    public let clock: TestClock
    public let keyRing: KeyRing
    public let client: any TestClientProtocol

    /// Operator actions on the same store the server uses.
    public var administration: MerchantAdministration {
        MerchantAdministration(store: store, sealer: SecretSealer(keyRing: keyRing), clock: clock)
    }

    /// Starts a live server (real sockets, so the client address is real) on a fresh database of
    /// `kind`, runs `body`, and tears everything down.
    public static func with(
        _ kind: StoreKind,
        configuration: ServerConfiguration = .init(),
        _ body: @Sendable (TestServer) async throws -> Void
    ) async throws {
        try await TestDatabase.with(kind) { database in
            let store = try await Store.open(database.url, logger: TestLogging.logger)
            let clock = TestClock()
            let keyRing = KeyRing.generate()
            var configuration = configuration
            configuration.host = "127.0.0.1"
            configuration.port = 0
            configuration.createsDemoData = false
            let application = buildApplication(
                configuration: configuration,
                store: store,
                keyRing: keyRing,
                clock: clock,
                logger: TestLogging.logger
            )
            try await application.test(.live) { client in
                try await body(TestServer(kind: kind, store: store, clock: clock, keyRing: keyRing, client: client))
            }
        }
    }

    /// Onboards a merchant callable from loopback and returns it with its credential.
    public func onboard(
        mode: IntegrationMode = .creditExtension,
        allowlist: [String] = ["127.0.0.1/32", "::1/128"],
        keyExpiresAtMs: Int64? = nil
    ) async throws -> OnboardedMerchant {
        try await administration.createMerchant(
            name: "Test Merchant",
            mode: mode,
            ipAllowlist: allowlist.compactMap(CIDRBlock.init),
            keyExpiresAtMs: keyExpiresAtMs
        )
    }
}
