import CardplaneHTTP
import Foundation
public import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers

/// A browser's view of the operator console, in process: it keeps the cookies the console sets,
/// follows nothing, and remembers every page body it was sent (to scan them for secrets).
public final class ConsoleSession: Sendable {
    let client: any TestClientProtocol
    private let cookies = NIOLockedValueBox<[String: String]>([:])
    private let bodies = NIOLockedValueBox<[String]>([])

    init(client: any TestClientProtocol) {
        self.client = client
    }

    /// What the console answered.
    public struct Answer: Sendable {
        public var status: Int
        public var body: String
        public var headers: HTTPFields

        /// The `Location` of a redirect.
        public var location: String? { headers[.location] }
    }

    /// Every page body received so far.
    public var pages: [String] { bodies.withLockedValue { $0 } }

    public func get(_ path: String) async throws -> Answer {
        try await send(path, method: .get, body: nil)
    }

    /// Posts `form` URL-encoded.
    public func post(_ path: String, form: [String: String]) async throws -> Answer {
        let body = form.sorted { $0.key < $1.key }.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }
            .joined(separator: "&")
        return try await send(path, method: .post, body: body)
    }

    /// Signs in; whether the console took the password.
    @discardableResult
    public func signIn(name: String, password: String) async throws -> Answer {
        let csrf = try await csrf(on: "/console/login")
        return try await post("/console/login", form: ["name": name, "password": password, "csrf": csrf])
    }

    /// The CSRF token in the forms of the page at `path`.
    public func csrf(on path: String = "/console") async throws -> String {
        let page = try await get(path).body
        guard let start = page.range(of: #"name="csrf" value=""#)?.upperBound,
            let end = page[start...].firstIndex(of: "\"")
        else { throw EnvelopeReply.Unexpected(reply: "no CSRF token on \(path)") }
        return String(page[start..<end])
    }

    private func send(_ path: String, method: HTTPRequest.Method, body: String?) async throws -> Answer {
        var headers: HTTPFields = [:]
        let jar = cookies.withLockedValue { $0 }
        if !jar.isEmpty {
            headers[.cookie] = jar.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let answer = try await client.execute(
            uri: path,
            method: method,
            headers: headers,
            body: body.map { ByteBuffer(string: $0) }
        ) { response in
            Answer(status: Int(response.status.code), body: String(buffer: response.body), headers: response.headers)
        }
        for field in answer.headers[values: .setCookie] {
            guard let equals = field.firstIndex(of: "=") else { continue }
            let (name, value) = (String(field[..<equals]), field[field.index(after: equals)...].prefix { $0 != ";" })
            cookies.withLockedValue { $0[name] = value.isEmpty ? nil : String(value) }
        }
        bodies.withLockedValue { $0.append(answer.body) }
        return answer
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

extension TestServer {
    /// Runs `body` with a fresh browser session against the console's routes, in process.
    public func withConsole<Value: Sendable>(
        _ body: @Sendable (ConsoleSession) async throws -> Value
    )
        async throws -> Value
    {
        let application = buildOperatorApplication(
            host: "127.0.0.1",
            port: 0,
            services: services,
            logger: TestLogging.logger
        )
        return try await application.test(.router) { client in
            try await body(ConsoleSession(client: client))
        }
    }
}
