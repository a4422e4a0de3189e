import CardplaneCore
import Foundation
public import Hummingbird

extension Request {
    /// Decodes the JSON body as `Body`, mapping every failure to a field-named 1004.
    ///
    /// A body that is empty, not JSON, not an object, too large or of the wrong shape never reaches
    /// Hummingbird's own error page: the field is the snake_case key that failed, or `body`.
    public func decodeBody<Body: Decodable>(as type: Body.Type, context: CardplaneRequestContext) async throws -> Body {
        let buffer: ByteBuffer
        do {
            buffer = try await self.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw CardplaneError.invalidParameter("body")
        }
        guard buffer.readableBytes > 0 else { throw CardplaneError.invalidParameter("body") }
        do {
            return try JSONDecoder().decode(Body.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw CardplaneError.invalidParameter(error.fieldName ?? "body")
        } catch {
            throw CardplaneError.invalidParameter("body")
        }
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
