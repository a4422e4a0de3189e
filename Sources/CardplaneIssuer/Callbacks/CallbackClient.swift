public import CardplaneCore
import Instrumentation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOTLS
import ServiceContextModule
import Tracing

#if canImport(Glibc)
import Glibc
#endif

/// Cardplane's own HTTP client for merchant callbacks (ADR 0014): it resolves the host itself,
/// refuses addresses the ``CallbackDestinationPolicy`` does not allow, and connects to exactly the
/// address it checked (so a name cannot resolve to a public address for the check and a private one
/// for the connection). TLS is verified against the system's roots and an operator CA file, by host
/// name (or by IP address for an IP literal). One request per connection; redirects are answers
/// like any other (never followed), so a merchant cannot send a callback somewhere else.
public struct CallbackClient: CallbackTransport {
    let policy: CallbackDestinationPolicy
    let tls: NIOSSLContext

    /// Most bytes of a merchant's answer that are read.
    static let responseBytesMax = 16 * 1024

    /// - Parameter caFile: PEM certificates trusted besides the system's (`--callback-ca-file`).
    /// - Throws: ``CallbackClientError/unreadableCAFile(_:)`` when `caFile` cannot be loaded.
    public init(policy: CallbackDestinationPolicy, caFile: String? = nil) throws {
        self.policy = policy
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile {
            do {
                let certificates = try NIOSSLCertificate.fromPEMFile(caFile)
                guard !certificates.isEmpty else { throw CallbackClientError.unreadableCAFile(caFile) }
                configuration.additionalTrustRoots = [.certificates(certificates)]
            } catch {
                throw CallbackClientError.unreadableCAFile(caFile)
            }
        }
        tls = try NIOSSLContext(configuration: configuration)
    }

    public func post(
        url text: String,
        headers: [(String, String)],
        body: String,
        timeoutMs: Int64
    ) async throws -> CallbackResponse {
        let url = try policy.check(url: text)
        return try await withSpan("callback POST", ofKind: .client) { span in
            span.attributes["http.request.method"] = "POST"
            span.attributes["server.address"] = url.host
            // The merchant sees the trace this callback belongs to (W3C Trace Context).
            var headers = headers
            InstrumentationSystem.instrument.inject(
                ServiceContext.current ?? .topLevel,
                into: &headers,
                using: Self.headerInjector
            )
            let response = try await send(url: url, headers: headers, body: body, timeoutMs: timeoutMs)
            span.attributes["http.response.status_code"] = response.status
            return response
        }
    }

    /// Writes trace-context fields into a callback's header list.
    struct HeaderInjector: Injector {
        func inject(_ value: String, forKey key: String, into headers: inout [(String, String)]) {
            headers.append((key, value))
        }
    }

    static let headerInjector = HeaderInjector()

    private func send(
        url: CallbackURL,
        headers: [(String, String)],
        body: String,
        timeoutMs: Int64
    ) async throws -> CallbackResponse {
        try await withDeadline(milliseconds: timeoutMs) { [self] in
            let connection = try await connect(url: url, timeoutMs: timeoutMs)
            // At the deadline the task is cancelled: closing the connection ends the exchange at once.
            return try await withTaskCancellationHandler {
                try await exchange(connection, url: url, headers: headers, body: body)
            } onCancel: {
                connection.channel.close(promise: nil)
            }
        }
    }

    /// The addresses of `url`'s host the policy allows, in the resolver's order.
    ///
    /// - Throws: the policy's refusal of the first address when none is allowed.
    func destinations(of url: CallbackURL) async throws -> [SocketAddress] {
        if let literal = url.address {
            try policy.check(address: literal)
            return [try SocketAddress(ipAddress: literal.description, port: url.port)]
        }
        let (host, port) = (url.host, url.port)
        let resolved = try await NIOThreadPool.singleton.runIfActive { try Self.resolve(host: host, port: port) }
        var allowed: [SocketAddress] = []
        var firstRefusal: CallbackDestinationPolicy.Refusal?
        for (address, socketAddress) in resolved {
            do {
                try policy.check(address: address)
                allowed.append(socketAddress)
            } catch {
                firstRefusal = firstRefusal ?? error
            }
        }
        guard allowed.isEmpty else { return allowed }
        throw firstRefusal ?? CallbackClientError.unresolvable(host)
    }

    /// Every TCP address `host` resolves to, in the resolver's order.
    static func resolve(host: String, port: Int) throws -> [(IPAddress, SocketAddress)] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let list else {
            throw CallbackClientError.unresolvable(host)
        }
        defer { freeaddrinfo(list) }
        var addresses: [(IPAddress, SocketAddress)] = []
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let current = entry?.pointee {
            defer { entry = current.ai_next }
            guard let raw = current.ai_addr else { continue }
            let socketAddress: SocketAddress
            switch current.ai_family {
            case AF_INET:
                socketAddress = SocketAddress(
                    raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee },
                    host: host
                )
            case AF_INET6:
                socketAddress = SocketAddress(
                    raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee },
                    host: host
                )
            default:
                continue
            }
            if let text = socketAddress.ipAddress, let address = IPAddress(text) {
                addresses.append((address, socketAddress))
            }
        }
        return addresses
    }

    typealias Connection = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    /// A connection to the first allowed address that accepts one, its TLS handshake (for `https`)
    /// completed, so a certificate that does not verify fails here with NIOSSL's reason.
    func connect(url: CallbackURL, timeoutMs: Int64) async throws -> Connection {
        let serverName = url.address == nil ? url.host : nil
        let tls = url.scheme == .https ? self.tls : nil
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(timeoutMs))
        var lastError: (any Error)?
        for address in try await destinations(of: url) {
            let connected: (Connection, EventLoopFuture<Void>?)
            do {
                connected = try await bootstrap.connect(to: address) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        var handshake: EventLoopFuture<Void>?
                        if let tls {
                            let handler = try NIOSSLClientHandler(context: tls, serverHostname: serverName)
                            let watcher = TLSHandshakeWatcher(promise: channel.eventLoop.makePromise())
                            try channel.pipeline.syncOperations.addHandlers(handler, watcher)
                            handshake = watcher.promise.futureResult
                        }
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return (try Connection(wrappingChannelSynchronously: channel), handshake)
                    }
                }
            } catch {
                lastError = error
                continue
            }
            let (connection, handshake) = connected
            do {
                try await handshake?.get()
            } catch {
                try? await connection.channel.close()
                throw error
            }
            return connection
        }
        throw lastError ?? CallbackClientError.unresolvable(url.host)
    }

    /// Sends the POST on `channel` and reads the answer, then closes the connection.
    func exchange(
        _ channel: Connection,
        url: CallbackURL,
        headers: [(String, String)],
        body: String
    ) async throws -> CallbackResponse {
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: url.target)
            head.headers.add(
                name: "Host",
                value: url.port == url.scheme.defaultPort ? url.host : "\(url.host):\(url.port)"
            )
            head.headers.add(name: "Content-Type", value: "application/json")
            head.headers.add(name: "Content-Length", value: String(body.utf8.count))
            head.headers.add(name: "Connection", value: "close")
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            try await outbound.write(.head(head))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
            try await outbound.write(.end(nil))
            var status: Int?
            var answer = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let response):
                    status = Int(response.status.code)
                case .body(var bytes):
                    let room = Self.responseBytesMax - answer.readableBytes
                    if room > 0, let slice = bytes.readSlice(length: min(room, bytes.readableBytes)) {
                        answer.writeImmutableBuffer(slice)
                    }
                case .end:
                    guard let status else { throw CallbackClientError.noAnswer }
                    return CallbackResponse(status: status, body: String(buffer: answer))
                }
            }
            throw CallbackClientError.noAnswer
        }
    }
}

/// Completes its promise when NIOSSL reports the handshake done, fails it with the first error
/// (a certificate that does not verify, say) or when the connection closes first.
final class TLSHandshakeWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    let promise: EventLoopPromise<Void>

    init(promise: EventLoopPromise<Void>) {
        self.promise = promise
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSUserEvent { promise.succeed() }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(CallbackClientError.noAnswer)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        promise.fail(CallbackClientError.noAnswer)
    }
}

/// Why a callback could not be sent, in words the delivery log can show (no secrets).
public enum CallbackClientError: Error, Equatable, CustomStringConvertible {
    case unreadableCAFile(String)
    case unresolvable(String)
    case noAnswer

    public var description: String {
        switch self {
        case .unreadableCAFile(let path): return "the callback CA file \(path) holds no readable PEM certificate"
        case .unresolvable(let host): return "\(host) does not resolve"
        case .noAnswer: return "the connection closed before an HTTP answer"
        }
    }
}
