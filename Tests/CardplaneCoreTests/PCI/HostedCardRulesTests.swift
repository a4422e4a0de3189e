import CardplaneCore
import Testing

/// Origins, hosts, styles, nonces and the frame-navigation rule of the hosted card page.
@Suite struct HostedCardRulesTests {
    @Test(arguments: [
        ("https://Wallet.Example", "https://wallet.example"), ("http://127.0.0.1:9101", "http://127.0.0.1:9101"),
        ("https://a-b.example:443", "https://a-b.example:443"),
    ])
    func originsAreNormalized(_ input: String, _ expected: String) {
        #expect(PCIDisplaySettings.normalizedOrigin(input) == expected)
    }

    @Test(arguments: [
        "ftp://x.example", "https://x.example/path", "https://user@x.example", "https://x.example:0",
        "https://x.example:65536", "https://", "x.example", "https://x.example:80a", "https://bad_host.example",
    ])
    func malformedOriginsAreRefused(_ input: String) {
        #expect(PCIDisplaySettings.normalizedOrigin(input) == nil)
    }

    @Test func hostsKeepTheirPort() {
        #expect(PCIDisplaySettings.normalizedHost("Cards.Example:8443") == "cards.example:8443")
        #expect(PCIDisplaySettings.normalizedHost("cards.example:") == nil)
        #expect(PCIDisplaySettings.normalizedHost("cards.example:01") == nil, "ports have one spelling")
    }

    @Test func stylesAreColoursAndPlainFontNames() {
        #expect(CardStyle().isValid)
        #expect(CardStyle(background: "#0a0B0c", font: "Inter Tight").isValid)
        #expect(!CardStyle(background: "red").isValid)
        #expect(!CardStyle(textColor: "#12345").isValid)
        #expect(!CardStyle(font: "Inter; background:url(x)").isValid, "nothing that could break out of CSS")
        #expect(!CardStyle(font: "").isValid)
    }

    static func request(
        dest: String?,
        mode: String?,
        referer: String? = nil,
        origin: String? = nil
    ) -> HostedCardRequest {
        HostedCardRequest(
            token: "t",
            nonce: "n",
            host: "h",
            secFetchDest: dest,
            secFetchMode: mode,
            referer: referer,
            origin: origin
        )
    }

    @Test func onlyIframeNavigationsPass() throws {
        try Self.request(dest: "iframe", mode: "navigate").requireFrameNavigation()
        for (dest, mode) in [("document", "navigate"), ("iframe", "cors"), (nil, nil), ("empty", "navigate")] {
            #expect(throws: CardplaneError(.secFetchInvalid)) {
                try Self.request(dest: dest, mode: mode).requireFrameNavigation()
            }
        }
    }

    @Test func theParentOriginComesFromOriginThenReferer() {
        #expect(
            Self.request(dest: nil, mode: nil, referer: "https://w.example/cards?x=1").parentOrigin
                == "https://w.example"
        )
        #expect(
            Self.request(dest: nil, mode: nil, referer: "http://127.0.0.1:9101/").parentOrigin
                == "http://127.0.0.1:9101"
        )
        #expect(
            Self.request(dest: nil, mode: nil, referer: "https://w.example/", origin: "https://o.example").parentOrigin
                == "https://o.example"
        )
        #expect(
            Self.request(dest: nil, mode: nil, referer: "https://w.example/", origin: "null").parentOrigin
                == "https://w.example"
        )
        #expect(Self.request(dest: nil, mode: nil, referer: "android-app://x").parentOrigin == nil)
        #expect(Self.request(dest: nil, mode: nil).parentOrigin == nil)
    }

    @Test func noncesAreSixteenToOneHundredTwentyEightURLSafeCharacters() {
        #expect(HostedCardRequest.isWellFormedNonce(String(repeating: "a", count: 16)))
        #expect(HostedCardRequest.isWellFormedNonce("Abc_def-0123456789"))
        #expect(!HostedCardRequest.isWellFormedNonce(String(repeating: "a", count: 15)))
        #expect(!HostedCardRequest.isWellFormedNonce(String(repeating: "a", count: 129)))
        #expect(!HostedCardRequest.isWellFormedNonce("abcdefghijklmnop<"))
    }
}
