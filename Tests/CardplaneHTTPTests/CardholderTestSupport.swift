import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneTesting
import CardplaneVault
import Foundation
import HTTPTypes

/// Cardholder calls shared by the cardholder tests.
extension TestServer {
    static let applyPath = "/open-api/v1/cardholder/apply"
    static let listPath = "/open-api/v1/cardholder/list"

    /// `cardholder/apply` with the given fields (nil fields are left out of the body).
    func applyCardholder(
        _ credential: IssuedCredential,
        uniqueNo: String?,
        token: String?,
        cardholderNo: String? = nil,
        language: String? = nil
    ) async throws -> EnvelopeReply {
        var fields: [String: String] = [:]
        fields["cardholder_unique_no"] = uniqueNo
        fields["sumsub_share_token"] = token
        fields["cardholder_no"] = cardholderNo
        let body = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
        return try await callAuthenticated(
            .post,
            Self.applyPath,
            credential: credential,
            body: body,
            language: language
        )
    }

    /// Applies and returns the new cardholder number, failing unless the answer is code 0.
    func newCardholder(_ credential: IssuedCredential, uniqueNo: String, token: String) async throws -> String {
        let reply = try await applyCardholder(credential, uniqueNo: uniqueNo, token: token)
        guard reply.code == 0, let number = reply.data?["cardholder_no"] as? String else {
            throw EnvelopeReply.Unexpected(reply: reply.raw)
        }
        return number
    }

    /// `cardholder/{no}/info`.
    func cardholderInfo(_ credential: IssuedCredential, _ cardholderNo: String) async throws -> EnvelopeReply {
        try await callAuthenticated(.get, "/open-api/v1/cardholder/\(cardholderNo)/info", credential: credential)
    }

    /// Runs the verification worker until the cardholder reaches `status`, moving the clock past
    /// each delay; at most `steps` rounds.
    func driveVerification(
        _ credential: IssuedCredential,
        _ cardholderNo: String,
        until status: String,
        steps: Int = 5
    )
        async throws -> EnvelopeReply
    {
        var reply = try await cardholderInfo(credential, cardholderNo)
        for _ in 0..<steps where reply.data?["status"] as? String != status {
            try await services.kycWorker.runOnce()
            clock.advance(byMs: 2_000)
            reply = try await cardholderInfo(credential, cardholderNo)
        }
        return reply
    }

    /// `cardholder/list` with a body and an optional `Timezone`.
    func listCardholders(
        _ credential: IssuedCredential,
        body: String,
        timezone: String? = nil
    ) async throws
        -> EnvelopeReply
    {
        let token = try await accessToken(for: credential)
        var fields = headers(apiKey: credential.apiKey.reveal(), accessToken: token)
        if let timezone { fields[HTTPField.Name("Timezone")!] = timezone }
        return try await call(.post, Self.listPath, headers: fields, body: body)
    }
}
