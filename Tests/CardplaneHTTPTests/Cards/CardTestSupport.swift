import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneNetwork
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import HTTPTypes
import SQLKit
import Testing

/// Shared set-ups and request bodies of the card tests.
enum CardTests {
    static let applyPath = "/open-api/v1/card/apply"

    /// A merchant with the demo catalog assigned, an approved cardholder and, in credit-extension
    /// mode, 100.00 TUSDT on the cardholder's account (the demo issuance fee is 5.00).
    struct Setup: Sendable {
        var credential: IssuedCredential
        var merchant: Merchant
        var cardholderNo: String
        /// `package_no` or `card_bin_no` of the product of `type`.
        var productField: String
        var virtualProductNo: String
        var physicalProductNo: String

        var merchantNo: String { merchant.merchantNo }
    }

    static func setUp(_ server: TestServer, mode: IntegrationMode = .creditExtension) async throws -> Setup {
        let onboarded = try await server.onboard(mode: mode)
        let merchant = onboarded.merchant
        try await server.assignDemoCatalog(to: merchant)
        let cardholderNo = try await server.approvedCardholder(merchantNo: merchant.merchantNo, uniqueNo: "HOLDER")
            .cardholderNo
        try await server.fundReserve(merchantNo: merchant.merchantNo, amount: "1000.00")
        if mode == .creditExtension {
            try await server.fundCardholder(
                merchantNo: merchant.merchantNo,
                cardholderNo: cardholderNo,
                amount: "100.00"
            )
            return Setup(
                credential: onboarded.credential,
                merchant: merchant,
                cardholderNo: cardholderNo,
                productField: "package_no",
                virtualProductNo: try await server.packageNo(.virtual, merchantNo: merchant.merchantNo),
                physicalProductNo: try await server.packageNo(.physical, merchantNo: merchant.merchantNo)
            )
        }
        let bin = try await server.cardBinNo(merchantNo: merchant.merchantNo)
        return Setup(
            credential: onboarded.credential,
            merchant: merchant,
            cardholderNo: cardholderNo,
            productField: "card_bin_no",
            virtualProductNo: bin,
            physicalProductNo: bin
        )
    }

    /// A valid US billing address (a real ZIP, city and state).
    static let address: [String: String] = [
        "first_name": "Jane", "last_name": "Doe", "phone_code": "1", "phone": "4155550100",
        "postal_code": "94105", "country": "US", "state": "CA", "city": "San Francisco",
        "address_line1": "1 Market St", "address_line2": "Suite 300",
    ]

    /// A `card/apply` body.
    static func applyBody(
        _ setup: Setup,
        uniqueNo: String,
        type: CardType = .virtual,
        address: [String: String]? = nil,
        cardholderNo: String? = nil
    ) -> String {
        var body: [String: Any] = [
            setup.productField: type == .virtual ? setup.virtualProductNo : setup.physicalProductNo,
            "cardholder_no": cardholderNo ?? setup.cardholderNo,
            "card_unique_no": uniqueNo,
            "card_type": type.rawValue,
        ]
        if let address { body["address_info"] = address }
        return json(body)
    }

    static func json(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Applies and returns the reply.
    static func apply(
        _ server: TestServer,
        _ setup: Setup,
        uniqueNo: String,
        type: CardType = .virtual,
        address: [String: String]? = nil
    ) async throws -> EnvelopeReply {
        try await server.callAuthenticated(
            .post,
            applyPath,
            credential: setup.credential,
            body: applyBody(
                setup,
                uniqueNo: uniqueNo,
                type: type,
                address: address ?? (type == .physical ? Self.address : nil)
            )
        )
    }

    /// Applies successfully and returns the `card_no`.
    static func issue(
        _ server: TestServer,
        _ setup: Setup,
        uniqueNo: String,
        type: CardType = .virtual
    ) async throws -> String {
        let reply = try await apply(server, setup, uniqueNo: uniqueNo, type: type)
        guard reply.code == 0, let cardNo = reply.data?["card_no"] as? String else {
            throw EnvelopeReply.Unexpected(reply: reply.raw)
        }
        return cardNo
    }

    /// Issues a physical card and runs its simulated production, so it is `ToActivate`.
    static func producedPhysicalCard(_ server: TestServer, _ setup: Setup, uniqueNo: String) async throws -> String {
        let cardNo = try await issue(server, setup, uniqueNo: uniqueNo, type: .physical)
        server.clock.advance(byMs: Limits.cardProductionDelayDefaultMs)
        try await server.services.cardProduction.runOnce()
        return cardNo
    }
}
