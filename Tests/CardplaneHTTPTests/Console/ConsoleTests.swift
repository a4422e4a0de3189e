import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import HTTPTypes
import Testing

/// The operator console (issue #16): sign-in and sessions, viewer and admin rights, CSRF tokens,
/// actions through the CLI's use cases, and no secret on any page. (Chromium drives it in
/// `Tests/Browser/console_test.py`.)
@Suite struct ConsoleTests {
    static let adminPassword = "correct horse battery staple"
    static let viewerPassword = "viewer password 123"

    static func accounts(_ server: TestServer) async throws {
        _ = try await server.services.consoleAccess.createOperator(
            name: "alice",
            role: .admin,
            password: Sensitive(adminPassword)
        )
        _ = try await server.services.consoleAccess.createOperator(
            name: "victor",
            role: .viewer,
            password: Sensitive(viewerPassword)
        )
    }

    @Test(arguments: StoreKind.available)
    func signInReadAndSignOut(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            try await Self.accounts(server)
            try await server.withConsole { console in
                let anonymous = try await console.get("/console")
                #expect(anonymous.status == 303 && anonymous.location == "/console/login")
                let wrong = try await console.signIn(name: "alice", password: "not the password")
                #expect(wrong.status == 401 && wrong.body.contains("Wrong name or password."))
                let unknown = try await console.signIn(name: "nobody", password: Self.adminPassword)
                #expect(unknown.status == 401 && unknown.body.contains("Wrong name or password."), "same answer")

                let forged = try await console.post(
                    "/console/login",
                    form: ["name": "alice", "password": Self.adminPassword]
                )
                #expect(forged.status == 403, "a sign-in form not served by the console (login CSRF)")
                let signedIn = try await console.signIn(name: "alice", password: Self.adminPassword)
                #expect(signedIn.status == 303 && signedIn.location == "/console")
                let cookie = try #require(signedIn.headers[.setCookie])
                for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/console", "Max-Age=28800"] {
                    #expect(cookie.contains(attribute), "\(attribute) in \(cookie)")
                }
                let overview = try await console.get("/console")
                #expect(
                    overview.status == 200 && overview.body.contains("<svg") && overview.body.contains("alice · admin")
                )
                #expect(
                    overview.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true
                )
                #expect(overview.headers[.cacheControl] == "no-store")

                let forgedOut = try await console.post("/console/logout", form: [:])
                #expect(
                    forgedOut.status == 403 && forgedOut.body.contains("out of date"),
                    "sign-out needs the token too"
                )
                let out = try await console.post("/console/logout", form: ["csrf": try await console.csrf()])
                #expect(out.status == 303 && out.location == "/console/login")
                #expect(try await console.get("/console").status == 303, "the session ended")
            }
            let audit = try await server.services.audit.list(.init(actionPrefix: "console sign-"), limit: 10)
            #expect(
                audit.map(\.outcome).sorted() == [
                    "failed: Wrong name or password.", "failed: Wrong name or password.", "ok", "ok",
                ]
            )
        }
    }

    @Test(arguments: StoreKind.available)
    func repeatedFailuresLockTheAccount(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            try await Self.accounts(server)
            try await server.withConsole { console in
                for _ in 0..<5 { try await console.signIn(name: "alice", password: "guess") }
                let locked = try await console.signIn(name: "alice", password: Self.adminPassword)
                #expect(locked.status == 401 && locked.body.contains("locked"), "the right password is refused too")
                server.clock.advance(byMs: 15 * 60_000)
                #expect(try await console.signIn(name: "alice", password: Self.adminPassword).status == 303)
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func viewersReadAndOnlyAdminsActWithTheFormsToken(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            try await Self.accounts(server)
            let merchant = try await server.onboard()
            let (merchantNo, keyID) = (merchant.merchant.merchantNo, merchant.credential.key.id)
            let revoke = "/console/merchants/\(merchantNo)/keys/\(keyID)/revoke"
            try await server.withConsole { viewer in
                try await viewer.signIn(name: "victor", password: Self.viewerPassword)
                let page = try await viewer.get("/console/merchants/\(merchantNo)")
                #expect(page.status == 200 && page.body.contains(merchant.credential.key.prefix))
                #expect(!page.body.contains("revoke-\(keyID)"), "a viewer sees no action")
                let refused = try await viewer.post(revoke, form: ["csrf": try await viewer.csrf()])
                #expect(refused.status == 403 && refused.body.contains("only an admin"))
            }
            try await server.withConsole { admin in
                try await admin.signIn(name: "alice", password: Self.adminPassword)
                #expect(try await admin.post(revoke, form: [:]).status == 403, "no CSRF token")
                #expect(try await admin.post(revoke, form: ["csrf": String(repeating: "0", count: 64)]).status == 403)
                #expect(try await server.administration.keys(merchantNo: merchantNo)[0].status == .enabled)

                let page = try await admin.get("/console/merchants/\(merchantNo)")
                #expect(page.body.contains("revoke-\(keyID)"))
                let done = try await admin.post(revoke, form: ["csrf": try await admin.csrf()])
                #expect(done.status == 303)
                #expect(try await admin.get(try #require(done.location)).body.contains("Key revoked"))
            }
            let reply = try await server.call(
                .get,
                "/open-api/v1/merchant/token",
                headers: server.headers(apiKey: merchant.credential.apiKey.reveal())
            )
            #expect(reply.code == 1010, "the revoked key's next request")
            let audit = try await server.services.audit.list(.init(actionPrefix: "console merchant key"), limit: 5)
            #expect(audit.map(\.outcome) == ["ok"] && audit.first?.actor == "alice@console")
        }
    }
}
