import CardplaneCore
import Testing

/// Which callback URLs and addresses are allowed (ADR 0014).
@Suite struct CallbackDestinationPolicyTests {
    @Test func urlsAreSplitForAClientThatConnectsItself() throws {
        let url = try #require(CallbackURL("HTTPS://Merchant.Example:8443/hooks/cardplane?x=1#frag"))
        #expect(url.scheme == .https && url.host == "merchant.example" && url.port == 8443)
        #expect(url.target == "/hooks/cardplane?x=1" && url.address == nil)
        #expect(url.description == "https://merchant.example:8443/hooks/cardplane?x=1")
        let bare = try #require(CallbackURL("https://merchant.example"))
        #expect(bare.port == 443 && bare.target == "/")
        let literal = try #require(CallbackURL("http://[2001:db8::1]:8080?q"))
        #expect(literal.address == IPAddress("2001:db8::1") && literal.port == 8080 && literal.target == "/?q")
        #expect(literal.description == "http://[2001:db8::1]:8080/?q")
    }

    @Test(arguments: [
        "ftp://merchant.example/", "https://", "https:///path", "https://user:pw@merchant.example/",
        "https://merchant.example:0/", "https://merchant.example:65536/", "https://merchant.example:80x/",
        "https://-bad.example/", "https://bad_host.example/", "https://[127.0.0.1]/", "https://[::1/",
        "https://merchant.example/ space", "merchant.example/hooks", "https://merchant.example/é",
    ])
    func malformedURLsAreRefused(_ text: String) {
        #expect(CallbackURL(text) == nil, "\(text)")
    }

    @Test func onlyHTTPSOutsideTheSandbox() throws {
        let production = CallbackDestinationPolicy()
        #expect(try production.check(url: "https://merchant.example/h").scheme == .https)
        #expect(throws: CallbackDestinationPolicy.Refusal.plainHTTP) {
            try production.check(url: "http://merchant.example/h")
        }
        #expect(throws: CallbackDestinationPolicy.Refusal.invalidURL) { try production.check(url: "gopher://x") }
        let sandbox = CallbackDestinationPolicy(allowsPlainHTTP: true)
        #expect(try sandbox.check(url: "http://merchant.example/h").scheme == .http)
    }

    @Test(arguments: [
        ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("10.1.2.3", "private"), ("172.16.0.1", "private"),
        ("172.31.255.255", "private"), ("192.168.1.1", "private"), ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"), ("100.64.0.1", "shared (carrier NAT)"), ("224.0.0.1", "multicast"),
        ("255.255.255.255", "reserved"), ("::1", "loopback"), ("::", "unspecified"), ("fe80::1", "link-local"),
        ("fd00::1", "private (unique local)"), ("ff02::1", "multicast"), ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"), ("::127.0.0.1", "loopback"), ("64:ff9b::a9fe:a9fe", "link-local"),
        ("2002:c0a8:0101::1", "private"), ("::8.8.8.8", "IPv4-compatible (deprecated)"),
    ])
    func nonPublicAddressesAreRefused(_ text: String, _ range: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.nonPublicRange == range, "\(text)")
        #expect(throws: CallbackDestinationPolicy.Refusal.nonPublicAddress(address, range: range)) {
            try CallbackDestinationPolicy().check(address: address)
        }
    }

    @Test(arguments: ["8.8.8.8", "93.184.216.34", "172.32.0.1", "2606:4700::1111", "64:ff9b::808:808"])
    func publicAddressesAreAllowed(_ text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.nonPublicRange == nil, "\(text)")
        try CallbackDestinationPolicy().check(address: address)
    }

    @Test func anAllowedNetworkOpensOnlyItself() throws {
        let policy = CallbackDestinationPolicy(allowedNetworks: [try #require(CIDRBlock("10.20.0.0/16"))])
        try policy.check(address: try #require(IPAddress("10.20.3.4")))
        try policy.check(address: try #require(IPAddress("::ffff:10.20.3.4")))
        #expect(throws: CallbackDestinationPolicy.Refusal.self) { try policy.check(address: IPAddress("10.21.0.1")!) }
        #expect(throws: CallbackDestinationPolicy.Refusal.self) { try policy.check(address: IPAddress("127.0.0.1")!) }
    }

    @Test func addressesFromResolverBytesReadLikeText() {
        let mapped: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff, 127, 0, 0, 1]
        #expect(IPAddress(bytes: mapped) == IPAddress("127.0.0.1"))
        #expect(IPAddress(bytes: [10, 0, 0, 1]) == IPAddress("10.0.0.1"))
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
    }
}
