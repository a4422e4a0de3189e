import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneVault
import HTTPTypes
import Hummingbird

/// Signing in and out: the form and its token, the session cookie, the audit of each attempt.
extension ConsoleController {
    struct SignInForm: Decodable {
        var name: String
        var password: String
        var csrf: String?
    }

    /// The cookie that ties the sign-in form to the browser that asked for it (a double-submitted
    /// token: a page elsewhere cannot read it, so cannot sign this browser in to another account).
    static let signInCookieName = "cardplane_console_sign_in"

    /// `GET /console/login`: the form, with a fresh sign-in token in a cookie and its HMAC in the form.
    func signInPage(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let token = ConsoleSessionToken.generate()
        var response = page(
            "login",
            title: "Sign in",
            signedIn: nil,
            ["csrf": ConsoleSessionToken.csrfToken(for: token)]
        )
        response.setCookie(
            Cookie(
                name: Self.signInCookieName,
                value: token.reveal(),
                maxAge: 3_600,
                path: "/console",
                secure: true,
                httpOnly: true,
                sameSite: .strict
            )
        )
        return response
    }

    func signIn(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let form = try await Self.form(SignInForm.self, request)
        guard let token = request.cookies[Self.signInCookieName]?.value,
            ConsoleSessionToken.isCSRFToken(form.csrf ?? "", for: Sensitive(token))
        else {
            throw Refusal(status: .forbidden, message: "This form is out of date or was not sent by the console.")
        }
        let nowMs = services.clock.nowMs()
        do {
            let session = try await services.consoleAccess.signIn(name: form.name, password: Sensitive(form.password))
            await audit(form.name, "console sign-in", object: nil, outcome: "ok")
            var response = Self.redirect(to: "/console")
            response.setCookie(
                Cookie(
                    name: Self.cookieName,
                    value: session.token.reveal(),
                    maxAge: Int((session.expiresAtMs - nowMs) / 1_000),
                    path: "/console",
                    secure: true,
                    httpOnly: true,
                    sameSite: .strict
                )
            )
            return response
        } catch let error as ConsoleAccess.SignInError {
            await audit(form.name, "console sign-in", object: nil, outcome: "failed: \(Self.describe(error))")
            let context: [String: Any] = [
                "name": form.name, "problem": Self.describe(error), "csrf": form.csrf ?? "",
            ]
            return page("login", title: "Sign in", signedIn: nil, context, status: .unauthorized)
        }
    }

    func signOut(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let (signedIn, _) = try await acting(EmptyForm.self, request, needsAdmin: false)
        try await services.consoleAccess.signOut(sessionToken: signedIn.token)
        await audit(signedIn.consoleOperator.name, "console sign-out", object: nil, outcome: "ok")
        var response = Self.redirect(to: "/console/login")
        response.setCookie(
            Cookie(name: Self.cookieName, value: "", maxAge: 0, path: "/console", secure: true, sameSite: .strict)
        )
        return response
    }

    static func describe(_ error: ConsoleAccess.SignInError) -> String {
        switch error {
        case .wrongNameOrPassword: "Wrong name or password."
        case .locked: "Too many failed sign-ins: this account is locked for a while."
        }
    }
}
