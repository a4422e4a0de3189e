import CardplaneISO8583
public import CardplaneIssuer
public import CardplaneTelemetry
public import Logging
import NIOCore
import NIOExtras
import NIOPosix
public import ServiceLifecycle

/// The ISO 8583 front door (`serve --iso8583-port`): TCP, each message after a 2-byte big-endian
/// length, many connections, several requests in flight on each, answered as each is decided
/// (the caller matches them by DE 11 and DE 37).
///
/// At most ``maximumInFlight`` requests of one connection are decided at once. Whatever arrives
/// cannot stop it: a frame longer than ``maximumFrameLength`` or of length 0
/// closes its connection; a message whose type can be read but not the rest answers `30`; one
/// whose type cannot be read closes its connection; a connection silent for ``idleTimeoutMs``
/// (an echo, `0800`/`301`, keeps it open) is closed. Nothing of a message is logged but its type.
public struct ISO8583Listener: Service {
    public static let maximumFrameLength = 8_192
    /// Requests of one connection decided at once.
    public static let maximumInFlight = 64

    let host: String
    let port: Int
    let idleTimeoutMs: Int64
    let ready: StartupSignal
    let processor: ISO8583Processor
    let metrics: OperatorMetrics
    let logger: Logger

    /// Listens once `ready` opens (the schema is migrated).
    public init(
        host: String,
        port: Int,
        idleTimeoutMs: Int64 = 120_000,
        ready: StartupSignal,
        processor: ISO8583Processor,
        metrics: OperatorMetrics = .disabled,
        logger: Logger
    ) {
        self.host = host
        self.port = port
        self.idleTimeoutMs = idleTimeoutMs
        self.ready = ready
        self.processor = processor
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        await ready.wait()
        guard !Task.isCancelled else { return }
        let idle = TimeAmount.milliseconds(idleTimeoutMs)
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: idle),
                        IdleConnectionCloser(),
                        ByteToMessageHandler(FrameDecoder()),
                        LengthFieldPrepender(lengthFieldBitLength: .twoBytes),
                    ])
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        logger.info(
            "listening",
            metadata: [
                "listener": "iso8583", "host": .string(host),
                "port": .string(server.channel.localAddress?.port.map(String.init) ?? "unknown"),
            ]
        )
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { connections in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        connections.addTask { await serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
    }

    /// Reads a connection's messages and answers each on its own task, in any order.
    func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        metrics.iso8583Connection(opened: true)
        defer { metrics.iso8583Connection(opened: false) }
        do {
            try await connection.executeThenClose { inbound, outbound in
                try await withThrowingTaskGroup(of: Void.self) { inFlight in
                    var running = 0
                    for try await frame in inbound {
                        // At most `maximumInFlight` requests decided at once per connection: the
                        // next frame waits for one to finish (and TCP pushes back on the sender).
                        if running == Self.maximumInFlight {
                            try await inFlight.next()
                            running -= 1
                        }
                        let arrived = ContinuousClock.now
                        let message: ISO8583Message
                        do throws(ISO8583Error) {
                            message = try ISO8583Message(decoding: frame.readableBytesView)
                        } catch {
                            // Unreadable as a message at all: nothing to answer, so the connection ends.
                            guard let mti = error.mti, let responseType = ISO8583Message.responseType(of: mti) else {
                                logger.notice("iso8583 unreadable message: connection closed")
                                metrics.iso8583Unreadable()
                                return
                            }
                            logger.notice("iso8583 format error", metadata: ["mti": .string(mti)])
                            let answer = ISO8583Message(mti: responseType, fields: [39: "30"])
                            try await outbound.write(ByteBuffer(bytes: try answer.encoded()))
                            metrics.iso8583Message(mti: mti, code: "30", duration: .now - arrived)
                            continue
                        }
                        inFlight.addTask {
                            guard let response = await processor.respond(to: message) else { return }
                            try await outbound.write(ByteBuffer(bytes: try response.encoded()))
                            metrics.iso8583Message(
                                mti: ISO8583Message.originalType(of: message.mti),
                                code: response[39] ?? "none",
                                duration: .now - arrived
                            )
                        }
                        running += 1
                    }
                    try await inFlight.waitForAll()
                }
            }
        } catch {
            logger.debug("iso8583 connection ended", metadata: ["error": .string(String(reflecting: type(of: error)))])
        }
    }
}

/// Cuts the stream into frames: a 2-byte big-endian length, then that many bytes. A length of 0
/// or above ``ISO8583Listener/maximumFrameLength`` is an error, which closes the connection.
struct FrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    struct BadLength: Error {}

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt16.self) else {
            return .needMoreData
        }
        guard length > 0, Int(length) <= ISO8583Listener.maximumFrameLength else { throw BadLength() }
        guard buffer.readableBytes >= 2 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 2)
        context.fireChannelRead(NIOAny(buffer.readSlice(length: Int(length))!))
        return .continue
    }
}

/// Closes a connection when ``IdleStateHandler`` says nothing was read for its timeout.
final class IdleConnectionCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
