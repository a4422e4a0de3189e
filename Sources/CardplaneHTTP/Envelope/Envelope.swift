public import CardplaneCore
import Foundation
public import Hummingbird

/// The body of every `/open-api` answer (spec §1): `{"code": 0, "msg": "Success", "data": …}`,
/// always with HTTP status 200. `data` is `null` on errors.
public struct Envelope<Payload: Encodable & Sendable>: Encodable, Sendable {
    public var code: Int
    public var msg: String
    public var data: Payload?

    /// A success envelope carrying `data`, with `msg` in `language`.
    public static func success(_ data: Payload, language: Language) -> Envelope {
        Envelope(code: ErrorCode.success.rawValue, msg: ErrorCode.success.message(in: language), data: data)
    }

    enum CodingKeys: String, CodingKey {
        case code, msg, data
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(msg, forKey: .msg)
        if let data {
            try container.encode(data, forKey: .data)
        } else {
            try container.encodeNil(forKey: .data)
        }
    }

    /// The envelope as an HTTP 200 JSON response.
    public func response(headers: HTTPFields = [:]) throws -> Response {
        let body = try Envelope.encoder.encode(self)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// `data` alone, encoded exactly as it appears inside the envelope (for ``EncodedPayloads``).
    static func encodedData(_ data: Payload) throws -> Data {
        try encoder.encode(data)
    }

    /// Sorted keys so answers are byte-stable for tests and caches; no escaped slashes.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// `data: null`.
public struct NoPayload: Encodable, Sendable {}

extension Envelope where Payload == NoPayload {
    /// The error envelope for `error`, in `language`.
    public static func failure(_ error: CardplaneError, language: Language) -> Envelope {
        Envelope(code: error.code.rawValue, msg: error.message(in: language), data: nil)
    }
}
