import CardplaneCore
import Foundation
public import Hummingbird

extension Request {
    /// Decodes the JSON body as `Body`, mapping every failure to a field-named 1004.
    ///
    /// Checks in order: `Content-Type` is `application/json` (`content_type`), the body is a JSON
    /// object within the size limit (`body`), each field has its type (the field's name).
    ///
    /// A body that is empty, not JSON, not an object, too large or of the wrong shape never reaches
    /// Hummingbird's own error page: the field is the snake_case key that failed, or `body`.
    public func decodeBody<Body: Decodable>(as type: Body.Type, context: CardplaneRequestContext) async throws -> Body {
        // Spec §3: `Content-Type: application/json` is required (parameters such as charset allowed).
        let mediaType = headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
        guard mediaType?.lowercased() == "application/json" else {
            throw CardplaneError.invalidParameter("content_type")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await self.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw CardplaneError.invalidParameter("body")
        }
        let data = Data(buffer.readableBytesView)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CardplaneError.invalidParameter("body")
        }
        do {
            return try JSONDecoder().decode(Body.self, from: data)
        } catch let error as DecodingError {
            throw CardplaneError.invalidParameter(
                error.fieldName ?? Self.offendingKey(of: Body.self, in: object) ?? "body"
            )
        }
    }

    /// The top-level key whose value alone fails to decode, for decoder errors that carry no path
    /// (Foundation reports a number that does not fit its type without one).
    private static func offendingKey<Body: Decodable>(of type: Body.Type, in object: [String: Any]) -> String? {
        for key in object.keys.sorted() {
            guard let single = try? JSONSerialization.data(withJSONObject: [key: object[key]!]) else { continue }
            do {
                _ = try JSONDecoder().decode(Body.self, from: single)
            } catch DecodingError.keyNotFound {
                // Another required key is missing from the one-key object; this key decoded fine.
                continue
            } catch {
                return key
            }
        }
        return nil
    }
}

extension DecodingError {
    /// The snake_case field the failure is about, when the decoder knows one.
    var fieldName: String? {
        switch self {
        case .keyNotFound(let key, _):
            return key.stringValue
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.codingPath.last(where: { $0.intValue == nil })?.stringValue
        @unknown default:
            return nil
        }
    }
}
