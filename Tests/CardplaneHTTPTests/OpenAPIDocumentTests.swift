import CardplaneCore
import CardplaneHTTP
import CardplaneTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The served OpenAPI document names every route the server answers, and every callback.
@Suite struct OpenAPIDocumentTests {
    /// Every route of the router (Application+build.swift), as the document spells its path.
    static let routes = [
        "/open-api/v1/merchant/token", "/open-api/v1/cardholder/apply", "/open-api/v1/cardholder/list",
        "/open-api/v1/cardholder/{cardholder_no}/info", "/open-api/v1/card/apply", "/open-api/v1/card/list",
        "/open-api/v1/card/{card_no}/detail", "/open-api/v1/card/{card_no}/private/info", "/open-api/v1/card/active",
        "/open-api/v1/card/status/update", "/open-api/v1/card/pin/set", "/open-api/v1/card/consume/{consume_no}/info",
        "/open-api/v1/card/consume/list", "/open-api/v1/merchant/client/{card_no}/token",
        "/open-api/v1/account/transfer", "/open-api/v1/account/{cardholder_no}/info",
        "/open-api/v1/account/transfer/list", "/open-api/v1/card/package/list", "/open-api/v1/card/support/bins",
        "/simulator/v1/authorize", "/simulator/v1/clear", "/simulator/v1/reverse", "/simulator/v1/refund",
        "/simulator/v1/expire", "/pci/card", "/healthz", "/openapi.yaml",
    ]

    @Test func everyRouteAndCallbackIsDocumented() async throws {
        try await TestServer.with(.sqlite) { server in
            let document = try await server.client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
                return String(buffer: response.body)
            }
            #expect(document.hasPrefix("openapi: 3.1") || document.contains("\nopenapi: 3.1"))
            for route in Self.routes {
                #expect(document.contains("\n  \(route):"), "\(route) is not documented")
            }
            for action in ["Card_update", "Consumption", "Auth"] {
                #expect(document.contains(action), "the \(action) callback is not documented")
            }
            for code in ErrorCode.allCases where code != .success {
                #expect(document.contains(String(code.rawValue)), "code \(code.rawValue) is not documented")
            }
        }
    }
}
