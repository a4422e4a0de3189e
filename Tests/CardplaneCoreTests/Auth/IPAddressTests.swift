import CardplaneCore
import Testing

@Suite struct IPAddressTests {
    @Test(
        arguments: [
            ("192.0.2.1", [192, 0, 2, 1]),
            ("0.0.0.0", [0, 0, 0, 0]),
            ("255.255.255.255", [255, 255, 255, 255]),
            ("::ffff:192.0.2.1", [192, 0, 2, 1]),
        ] as [(String, [UInt8])]
    )
    func parsesIPv4(_ text: String, _ bytes: [UInt8]) throws {
        #expect(try #require(IPAddress(text)).bytes == bytes)
    }

    @Test(arguments: ["::1", "2001:db8::1", "fe80::", "2001:0db8:0000:0000:0000:ff00:0042:8329", "::"])
    func parsesIPv6(_ text: String) throws {
        #expect(try #require(IPAddress(text)).bytes.count == 16)
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", " 1.2.3.4", "1::2::3", "12345::",
        "2001:db8:::1", "g::1", "1:2:3:4:5:6:7:8:9", "localhost",
    ])
    func refusesMalformed(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func ipv6TextRoundTrips() throws {
        let address = try #require(IPAddress("2001:db8::ff00:42:8329"))
        #expect(IPAddress(address.description) == address)
    }
}

@Suite struct CIDRBlockTests {
    @Test(
        arguments: [
            ("203.0.113.0/24", "203.0.113.77", true),
            ("203.0.113.0/24", "203.0.114.1", false),
            ("10.1.2.3/8", "10.200.0.1", true),
            ("127.0.0.1", "127.0.0.1", true),
            ("127.0.0.1", "127.0.0.2", false),
            ("0.0.0.0/0", "198.51.100.1", true),
            ("2001:db8::/32", "2001:db8:1::5", true),
            ("2001:db8::/32", "2001:db9::5", false),
            ("::1/128", "::1", true),
            ("0.0.0.0/0", "::1", false),
            ("::/0", "192.0.2.1", false),
            ("192.0.2.0/24", "::ffff:192.0.2.9", true),
        ] as [(String, String, Bool)]
    )
    func membership(_ block: String, _ address: String, _ expected: Bool) throws {
        let cidr = try #require(CIDRBlock(block))
        let ip = try #require(IPAddress(address))
        #expect(cidr.contains(ip) == expected)
    }

    @Test(arguments: ["10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "/8", "x/8"])
    func refusesMalformed(_ text: String) {
        #expect(CIDRBlock(text) == nil)
    }

    @Test func hostBitsAreCleared() throws {
        #expect(try #require(CIDRBlock("10.1.2.3/8")).description == "10.0.0.0/8")
    }
}

@Suite struct ClientAddressResolverTests {
    let proxy = IPAddress("10.0.0.5")!

    @Test func withoutTrustedProxiesTheHeaderIsIgnored() {
        let resolver = ClientAddressResolver()
        #expect(resolver.clientAddress(peer: proxy, forwardedFor: "203.0.113.9") == proxy)
    }

    @Test func aTrustedProxysRightmostUntrustedHopIsTheClient() {
        let resolver = ClientAddressResolver(trustedProxies: [CIDRBlock("10.0.0.0/8")!])
        let client = resolver.clientAddress(peer: proxy, forwardedFor: "198.51.100.1, 203.0.113.9, 10.0.0.7")
        #expect(client == IPAddress("203.0.113.9"))
    }

    @Test func anUntrustedPeerCannotSpoofTheHeader() {
        let resolver = ClientAddressResolver(trustedProxies: [CIDRBlock("10.0.0.0/8")!])
        let peer = IPAddress("198.51.100.50")!
        #expect(resolver.clientAddress(peer: peer, forwardedFor: "127.0.0.1") == peer)
    }

    @Test func garbageInTheHeaderResolvesToNoAddress() {
        let resolver = ClientAddressResolver(trustedProxies: [CIDRBlock("10.0.0.0/8")!])
        #expect(resolver.clientAddress(peer: proxy, forwardedFor: "not-an-ip") == nil)
    }

    @Test func noPeerNoAddress() {
        #expect(ClientAddressResolver().clientAddress(peer: nil, forwardedFor: nil) == nil)
    }
}

@Suite struct IPv6TextTests {
    @Test(
        arguments: [
            ("0:0:0:0:0:0:0:1", "::1"), ("::", "::"), ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"), ("fe80::", "fe80::"),
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ] as [(String, String)]
    )
    func canonicalText(_ input: String, _ expected: String) throws {
        #expect(try #require(IPAddress(input)).description == expected)
    }
}
