public import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneVault
import Foundation
import HTTPTypes
public import Hummingbird
public import Logging

/// The operator console under `/console` on the operator listener (issue #16, ADR 0022): pages
/// rendered on the server, a session cookie, a CSRF token in every form, and viewer or admin
/// rights. Every action calls the use case the CLI calls and is written to the audit log.
public struct ConsoleController: Sendable {
    let services: CardplaneServices
    let views: ConsoleViews
    let logger: Logger

    /// - Throws: when the bundled templates cannot be read.
    public init(services: CardplaneServices, logger: Logger) throws {
        self.services = services
        self.views = try ConsoleViews.load()
        self.logger = logger
    }

    static let cookieName = "cardplane_console"

    /// A signed-in request: who, and the session token its cookie carried.
    struct SignedIn {
        let consoleOperator: ConsoleOperator
        let token: Sensitive<String>

        var csrf: String { ConsoleSessionToken.csrfToken(for: token) }
        var isAdmin: Bool { consoleOperator.role == .admin }
    }

    public func register(in router: Router<BasicRequestContext>) {
        let console = router.group("console")
        console.get("console.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: views.stylesheet))
            )
        }
        console.get("login", use: signInPage)
        console.post("login") { request, context in
            try await act(request) { try await signIn(request, context: context) }
        }
        console.post("logout") { request, context in
            try await act(request) { try await signOut(request, context: context) }
        }
        console.get("", use: overview)
        console.get("merchants", use: merchants)
        console.get("merchants/:merchant_no", use: merchant)
        console.get("payments", use: payments)
        console.get("payments/:consume_no", use: payment)
        console.get("callbacks", use: callbacks)
        console.get("cardholders", use: cardholders)
        console.get("cardholders/:cardholder_no", use: cardholder)
        console.get("cards", use: cards)
        console.get("ledger", use: ledger)
        console.get("ledger/account", use: account)
        registerActions(in: console)
    }

    // MARK: Sessions

    /// The operator of the request's session cookie, or `nil`.
    func signedIn(_ request: Request) async throws -> SignedIn? {
        guard let value = request.cookies[Self.cookieName]?.value, !value.isEmpty else { return nil }
        let token = Sensitive(value)
        guard let consoleOperator = try await services.consoleAccess.consoleOperator(sessionToken: token) else {
            return nil
        }
        return SignedIn(consoleOperator: consoleOperator, token: token)
    }

    /// Runs `body` for a signed-in operator; without a session, sends the browser to sign in.
    func viewing(_ request: Request, _ body: (SignedIn) async throws -> Response) async throws -> Response {
        guard let signedIn = try await signedIn(request) else { return Self.redirect(to: "/console/login") }
        return try await body(signedIn)
    }

    /// Why a form was refused: no session, no or a wrong CSRF token, or a viewer acting.
    struct Refusal: Error {
        let status: HTTPResponse.Status
        let message: String
    }

    struct EmptyForm: Decodable {}

    /// The form of an action, once the session, its CSRF token and (when `needsAdmin`) the role
    /// are checked.
    func acting<Form: Decodable>(
        _ type: Form.Type,
        _ request: Request,
        needsAdmin: Bool
    ) async throws
        -> (SignedIn, Form)
    {
        let buffer = try await request.body.collect(upTo: 64 * 1_024)
        let text = String(buffer: buffer)
        guard let signedIn = try await signedIn(request) else {
            throw Refusal(status: .unauthorized, message: "Sign in first.")
        }
        let csrf = try URLEncodedFormDecoder().decode(CSRFField.self, from: text).csrf ?? ""
        guard ConsoleSessionToken.isCSRFToken(csrf, for: signedIn.token) else {
            throw Refusal(status: .forbidden, message: "This form is out of date or was not sent by the console.")
        }
        guard !needsAdmin || signedIn.isAdmin else {
            throw Refusal(status: .forbidden, message: "Viewers read; only an admin can do this.")
        }
        return (signedIn, try URLEncodedFormDecoder().decode(Form.self, from: text))
    }

    struct CSRFField: Decodable {
        var csrf: String?
    }

    static func form<Form: Decodable>(_ type: Form.Type, _ request: Request) async throws -> Form {
        let buffer = try await request.body.collect(upTo: 64 * 1_024)
        return try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: buffer))
    }

    // MARK: Responses

    /// The HTML of `template` with the page's common fields (`title`, the signed-in operator).
    func page(
        _ template: String,
        title: String,
        signedIn: SignedIn?,
        _ context: [String: Any],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var context = context
        context["title"] = title
        if let signedIn {
            context["operator"] = [
                "name": signedIn.consoleOperator.name, "role": signedIn.consoleOperator.role.rawValue,
                "csrf": signedIn.csrf,
            ]
            context["csrf"] = signedIn.csrf
            context["isAdmin"] = signedIn.isAdmin
        }
        return Self.html(views.render(template, context), status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: securityHeaders, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// No script, no frame, nothing fetched from elsewhere, nothing cached.
    static let securityHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: "no-store",
        HTTPField.Name("Content-Security-Policy")!:
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// Records a console action in the audit log as `<name>@console`; a failure to record is logged.
    func audit(_ name: String, _ action: String, object: String?, outcome: String) async {
        let entry = AuditEntry(
            occurredAtMs: services.clock.nowMs(),
            actor: .operator(user: name, host: "console"),
            action: action,
            object: object,
            outcome: outcome
        )
        do {
            _ = try await services.audit.record(entry)
        } catch {
            logger.error("audit append failed", metadata: ["action": .string(action)])
        }
    }
}
