import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import Foundation
import Testing

/// Callbacks cannot be intercepted or turned inward (ADR 0014): `https` only outside the sandbox,
/// verified against the system's roots and the operator's CA file; addresses outside the public
/// internet refused before connecting unless allowed; redirects never followed.
@Suite struct CallbackSecurityTests {
    /// The production policy, with loopback allowed (the test merchant's network) when `allowingLoopback`.
    static func configuration(allowingLoopback: Bool, caFile: String?) -> ServerConfiguration {
        var configuration = TestServer.configuration
        configuration.callbackDestinations = CallbackDestinationPolicy(
            allowsPlainHTTP: false,
            allowedNetworks: allowingLoopback ? [CIDRBlock("127.0.0.0/8")!, CIDRBlock("::1")!] : []
        )
        configuration.callbackCAFile = caFile
        return configuration
    }

    /// Issues a card (one `Card_update` callback due), delivers what is due, and returns the
    /// callback's delivery record.
    static func deliverOne(_ server: TestServer, url: String) async throws -> OutboxRecords.Delivery {
        let setup = try await CardTests.setUp(server)
        try await server.administration.setCallbackURL(url, merchantNo: setup.merchantNo)
        _ = try await CardTests.issue(server, setup, uniqueNo: "SECURE")
        try await server.services.callbacks.runOnce()
        let deliveries = try await server.administration.deliveries(
            merchantNo: setup.merchantNo,
            status: nil,
            limit: 10
        )
        return try #require(deliveries.first)
    }

    @Test(arguments: StoreKind.available)
    func httpsCallbacksReachAMerchantOnAPrivatePKI(_ kind: StoreKind) async throws {
        let authority = try TestCertificateAuthority()
        let caFile = try authority.writeCertificateFile()
        defer { try? FileManager.default.removeItem(atPath: caFile) }
        let receiver = CallbackReceiver(tls: authority.serverTLS)
        try await receiver.serve { url in
            #expect(url.hasPrefix("https://127.0.0.1:"))
            let configuration = Self.configuration(allowingLoopback: true, caFile: caFile)
            try await TestServer.with(kind, configuration: configuration) { server in
                let delivery = try await Self.deliverOne(server, url: url)
                #expect(delivery.status == .delivered, "\(delivery.lastError ?? "")")
                #expect(receiver.received.count == 1 && receiver.received[0].acknowledged)
            }
        }
    }

    @Test func anUntrustedCertificateIsNotSentTo() async throws {
        let receiver = CallbackReceiver(tls: try TestCertificateAuthority().serverTLS)
        try await receiver.serve { url in
            let configuration = Self.configuration(allowingLoopback: true, caFile: nil)
            try await TestServer.with(.sqlite, configuration: configuration) { server in
                let delivery = try await Self.deliverOne(server, url: url)
                #expect(delivery.status == .pending && delivery.lastError?.hasPrefix("TLS failed") == true)
                #expect(receiver.received.isEmpty)
            }
        }
    }

    @Test func aCAFileThatHoldsNoCertificateStopsTheServerFromStarting() async throws {
        let path = NSTemporaryDirectory() + "cardplane-not-a-ca-\(UUID().uuidString).pem"
        try "not a certificate".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        await #expect(throws: CallbackClientError.unreadableCAFile(path)) {
            try await TestServer.with(.sqlite, configuration: Self.configuration(allowingLoopback: true, caFile: path))
            {
                _ in
            }
        }
    }

    /// The merchant listens on loopback; without the operator allowing it, every way of naming it
    /// is refused before a connection is made.
    @Test(arguments: ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]"])
    func inwardAddressesAreRefusedBeforeConnecting(_ host: String) async throws {
        let authority = try TestCertificateAuthority()
        let caFile = try authority.writeCertificateFile()
        defer { try? FileManager.default.removeItem(atPath: caFile) }
        let receiver = CallbackReceiver(tls: authority.serverTLS)
        try await receiver.serve { url in
            let aimed = url.replacingOccurrences(of: "127.0.0.1", with: host)
            let configuration = Self.configuration(allowingLoopback: false, caFile: caFile)
            try await TestServer.with(.sqlite, configuration: configuration) { server in
                let delivery = try await Self.deliverOne(server, url: aimed)
                #expect(delivery.status == .pending)
                #expect(
                    delivery.lastError?.hasPrefix("refused: ") == true
                        && delivery.lastError?.contains("loopback") == true,
                    "\(delivery.lastError ?? "")"
                )
                #expect(receiver.received.isEmpty, "no request reached the inward address")
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func plainHTTPIsRefusedOutsideTheSandbox(_ kind: StoreKind) async throws {
        let receiver = CallbackReceiver()
        try await receiver.serve { url in
            let configuration = Self.configuration(allowingLoopback: true, caFile: nil)
            try await TestServer.with(kind, configuration: configuration) { server in
                let setup = try await CardTests.setUp(server)
                await #expect(throws: AdministrationError.insecureCallbackURL) {
                    try await server.administration.setCallbackURL(url, merchantNo: setup.merchantNo)
                }
                // A URL stored before this rule (or by a sandbox command) is refused at delivery.
                _ = try await server.store.withConnection {
                    try await MerchantRecords($0).setCallbackURL(url, merchantNo: setup.merchantNo, nowMs: 0)
                }
                _ = try await CardTests.issue(server, setup, uniqueNo: "PLAIN")
                try await server.services.callbacks.runOnce()
                let delivery = try #require(
                    try await server.administration.deliveries(merchantNo: setup.merchantNo, status: nil, limit: 1)
                        .first
                )
                #expect(delivery.lastError == CallbackDestinationPolicy.Refusal.plainHTTP.description)
                #expect(receiver.received.isEmpty)
            }
        }
    }

    @Test func redirectsAreNotFollowed() async throws {
        let target = CallbackReceiver()
        try await target.serve { targetURL in
            let redirector = CallbackReceiver(redirectTo: targetURL)
            try await redirector.serve { url in
                try await TestServer.with(.sqlite) { server in
                    let delivery = try await Self.deliverOne(server, url: url)
                    #expect(delivery.status == .pending && delivery.lastError?.contains("HTTP 307") == true)
                    #expect(redirector.received.count == 1 && target.received.isEmpty)
                }
            }
        }
    }
}
