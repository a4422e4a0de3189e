import CardplaneCore
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// The per-request deadline (`--request-timeout`): a request whose answer has not begun when its
/// deadline passes is answered 1001 (in the request's `Language`) and its connection closed, so a
/// wedged dependency cannot hold a merchant's connection open. One timer on the connection's event
/// loop per request; the handler that was still working finds its connection closed.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    /// Whether the current request's answer has begun (its head was written).
    private var isAnswering = false

    init(timeoutMs: Int64) {
        timeout = .milliseconds(timeoutMs)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) {
            isAnswering = false
            deadline?.cancel()
            let language = Language(header: head.headerFields[HTTPField.Name("Language")!])
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            deadline = context.eventLoop.scheduleTask(in: timeout) {
                let (handler, context) = loopBound.value
                handler.expire(context: context, language: language)
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head: isAnswering = true
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body: break
        }
        context.write(data, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }

    private func expire(context: ChannelHandlerContext, language: Language) {
        deadline = nil
        guard !isAnswering else {
            context.close(promise: nil)
            return
        }
        isAnswering = true
        let error = CardplaneError(.systemError)
        let body = ByteBuffer(string: Self.envelope(error, language: language))
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.contentLength] = String(body.readableBytes)
        fields[.cacheControl] = "no-store"
        fields[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .ok, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }

    /// The 1001 envelope, as ``Envelope`` writes it.
    static func envelope(_ error: CardplaneError, language: Language) -> String {
        let message = (try? JSONEncoder().encode(error.message(in: language))).map {
            String(decoding: $0, as: UTF8.self)
        }
        return #"{"code":\#(error.code.rawValue),"data":null,"msg":\#(message ?? "\"\"")}"#
    }
}
