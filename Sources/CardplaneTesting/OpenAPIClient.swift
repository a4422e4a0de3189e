public import CardplaneIssuer
import CardplaneVault
import Foundation
public import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// Calls the Open API as a merchant would, and reads the envelope.
extension TestServer {
    /// The headers a merchant sends: `Api-Key`, a fresh `Timestamp`, and `Access-Token` when given.
    public func headers(
        apiKey: String?,
        accessToken: String? = nil,
        timestampMs: Int64? = nil,
        language: String? = nil
    ) -> HTTPFields {
        var fields = HTTPFields()
        if let apiKey { fields[HTTPField.Name("Api-Key")!] = apiKey }
        fields[HTTPField.Name("Timestamp")!] = String(timestampMs ?? clock.nowMs())
        if let accessToken { fields[HTTPField.Name("Access-Token")!] = accessToken }
        if let language { fields[HTTPField.Name("Language")!] = language }
        fields[.contentType] = "application/json"
        return fields
    }

    /// Sends a request and decodes the envelope.
    public func call(
        _ method: HTTPRequest.Method,
        _ path: String,
        headers: HTTPFields,
        body: String? = nil
    ) async throws -> EnvelopeReply {
        try await client.execute(
            uri: path,
            method: method,
            headers: headers,
            body: body.map { ByteBuffer(string: $0) }
        ) { response in
            try EnvelopeReply(response)
        }
    }

    /// Gets an Access-Token for `credential` (spec §3.1), failing the test if the server refuses.
    public func accessToken(for credential: IssuedCredential) async throws -> String {
        let reply = try await call(
            .get,
            "/open-api/v1/merchant/token",
            headers: headers(apiKey: credential.apiKey.reveal())
        )
        guard reply.code == 0, let token = reply.data?["access_token"] as? String else {
            throw EnvelopeReply.Unexpected(reply: reply.raw)
        }
        return token
    }

    /// Calls an authenticated route with a fresh token for `credential`, with `Idempotency-Key` when given.
    public func callAuthenticated(
        _ method: HTTPRequest.Method,
        _ path: String,
        credential: IssuedCredential,
        body: String? = nil,
        language: String? = nil,
        idempotencyKey: String? = nil
    ) async throws -> EnvelopeReply {
        let token = try await accessToken(for: credential)
        var fields = headers(apiKey: credential.apiKey.reveal(), accessToken: token, language: language)
        if let idempotencyKey { fields[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        return try await call(method, path, headers: fields, body: body)
    }
}

/// A decoded `{code, msg, data}` answer with its HTTP status and headers.
public struct EnvelopeReply: @unchecked Sendable {
    public let status: Int
    public let headers: HTTPFields
    public let code: Int
    public let msg: String
    /// `data` as a JSON object, when it is one.
    public let data: [String: Any]?
    /// `data` as a string, when it is one (card private info).
    public let dataString: String?
    /// Whether `data` was JSON `null`.
    public let dataIsNull: Bool
    /// The body as text.
    public let raw: String

    init(_ response: TestResponse) throws {
        status = Int(response.status.code)
        headers = response.headers
        raw = String(buffer: response.body)
        guard let object = try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any],
            let code = object["code"] as? Int, let msg = object["msg"] as? String, object.keys.contains("data")
        else { throw Unexpected(reply: raw) }
        self.code = code
        self.msg = msg
        self.data = object["data"] as? [String: Any]
        self.dataString = object["data"] as? String
        self.dataIsNull = object["data"] is NSNull
    }

    /// The answer was not an envelope, or not the one expected.
    public struct Unexpected: Error, CustomStringConvertible {
        public let reply: String
        public var description: String { "unexpected reply: \(reply)" }

        public init(reply: String) {
            self.reply = reply
        }
    }
}

/// The card-network simulator's routes (`serve --sandbox`), as a network would call them.
extension TestServer {
    /// POSTs `body` to `/simulator/v1/<step>`; returns the HTTP status and the JSON object answered.
    public func simulate(_ step: String, _ body: [String: Any]) async throws -> (status: Int, json: [String: Any]) {
        let data = try JSONSerialization.data(withJSONObject: body)
        return try await client.execute(
            uri: "/simulator/v1/\(step)",
            method: .post,
            headers: [.contentType: "application/json"],
            body: ByteBuffer(bytes: data)
        ) { response in
            let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            return (Int(response.status.code), object ?? [:])
        }
    }
}
