import CardplaneCore
import Foundation
import Hummingbird
import NIOConcurrencyHelpers

/// The encoded `data` of answers that repeat, such as a card's detail: the JSON is kept with the
/// value it encodes and reused only for an equal value, so it is always byte for byte what encoding
/// that value now would give. Comparing two values costs a fraction of encoding one.
final class EncodedPayloads<Value: Equatable & Sendable>: Sendable {
    /// Entries kept at most; past that the memo starts over.
    static var entriesMax: Int { 50_000 }

    private struct Entry {
        var value: Value
        var json: Data
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    /// The JSON of `value`, remembered under `key`.
    func json(for key: String, value: Value, encode: (Value) throws -> Data) rethrows -> Data {
        if let entry = entries.withLockedValue({ $0[key] }), entry.value == value { return entry.json }
        let json = try encode(value)
        entries.withLockedValue { entries in
            if entries.count >= Self.entriesMax { entries.removeAll() }
            entries[key] = Entry(value: value, json: json)
        }
        return json
    }
}

extension Envelope where Payload == NoPayload {
    /// `,"msg":"Success"}` in each language, encoded once.
    private static let englishTail = successTail(.english)
    private static let chineseTail = successTail(.chinese)

    private static func successTail(_ language: Language) -> [UInt8] {
        let message = (try? encoder.encode(ErrorCode.success.message(in: language))) ?? Data(#""Success""#.utf8)
        return Array(#","msg":"#.utf8) + Array(message) + Array("}".utf8)
    }

    /// A success answer around `data`, already encoded the way ``Envelope`` encodes its payload:
    /// the same bytes `Envelope.success(value).response()` would send.
    static func success(encodedData data: Data, language: Language) throws -> Response {
        let tail = language == .chinese ? Self.chineseTail : Self.englishTail
        var body = ByteBuffer()
        body.reserveCapacity(data.count + 32)
        body.writeStaticString(#"{"code":0,"data":"#)
        body.writeBytes(data)
        body.writeBytes(tail)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: body)
        )
    }
}
