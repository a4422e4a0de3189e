import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import Hummingbird

/// What an admin does from the console: each form posts here, is checked (session, CSRF token,
/// role), calls the use case the CLI calls, is audited, and sends the browser back with a notice.
extension ConsoleController {
    func registerActions(in console: RouterGroup<BasicRequestContext>) {
        console.post("merchants/:merchant_no/status") { request, context in
            try await act(request) { try await setStatus(request, context) }
        }
        console.post("merchants/:merchant_no/callback-url") { request, context in
            try await act(request) { try await setCallbackURL(request, context) }
        }
        console.post("merchants/:merchant_no/keys/:key_id/revoke") { request, context in
            try await act(request) { try await revokeKey(request, context) }
        }
        console.post("callbacks/:event_id/replay") { request, context in
            try await act(request) { try await replay(request, context) }
        }
        console.post("cards/:card_no/freeze") { request, context in
            try await act(request) { try await changeCard(request, context, .freeze) }
        }
        console.post("cards/:card_no/unfreeze") { request, context in
            try await act(request) { try await changeCard(request, context, .unfreeze) }
        }
        console.post("ledger/verify") { request, context in
            try await act(request) { try await verifyLedger(request, context) }
        }
    }

    /// Runs an action; a refused form or a refused use case answers a page that says why.
    func act(_ request: Request, _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let refusal as Refusal {
            let signedIn = try await signedIn(request)
            return page(
                "message",
                title: "Not done",
                signedIn: signedIn,
                ["message": refusal.message],
                status: refusal.status
            )
        } catch let error as CardplaneError {
            let signedIn = try await signedIn(request)
            let message = "\(error.code.rawValue) \(error.message(in: .english))"
            return page("message", title: "Not done", signedIn: signedIn, ["message": message], status: .badRequest)
        } catch let error as AdministrationError {
            let signedIn = try await signedIn(request)
            return page(
                "message",
                title: "Not done",
                signedIn: signedIn,
                ["message": error.description],
                status: .badRequest
            )
        }
    }

    struct StatusForm: Decodable {
        var status: String
    }

    func setStatus(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (signedIn, form) = try await acting(StatusForm.self, request, needsAdmin: true)
        let merchantNo = context.parameters.get("merchant_no") ?? ""
        guard let status = MerchantStatus(rawValue: form.status), status != .closed else {
            throw Refusal(
                status: .badRequest,
                message: "A merchant is enabled or disabled here; closing is for the CLI."
            )
        }
        let action = status == .enabled ? "console merchant enable" : "console merchant disable"
        try await audited(signedIn, action, object: "merchant:\(merchantNo)") {
            try await services.administration.setStatus(status, merchantNo: merchantNo)
        }
        return Self.redirect(to: "/console/merchants/\(merchantNo)?done=status")
    }

    struct URLForm: Decodable {
        var url: String
    }

    func setCallbackURL(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (signedIn, form) = try await acting(URLForm.self, request, needsAdmin: true)
        let merchantNo = context.parameters.get("merchant_no") ?? ""
        try await audited(signedIn, "console merchant callback set", object: "merchant:\(merchantNo)") {
            try await services.administration.setCallbackURL(form.url, merchantNo: merchantNo)
        }
        return Self.redirect(to: "/console/merchants/\(merchantNo)?done=callback")
    }

    func revokeKey(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (signedIn, _) = try await acting(EmptyForm.self, request, needsAdmin: true)
        let merchantNo = context.parameters.get("merchant_no") ?? ""
        let keyID = context.parameters.get("key_id") ?? ""
        try await audited(signedIn, "console merchant key revoke", object: "key:\(keyID)") {
            try await services.administration.revokeKey(id: keyID, merchantNo: merchantNo)
        }
        return Self.redirect(to: "/console/merchants/\(merchantNo)?done=revoked")
    }

    func replay(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (signedIn, _) = try await acting(EmptyForm.self, request, needsAdmin: true)
        let eventID = context.parameters.get("event_id") ?? ""
        try await audited(signedIn, "console callback replay", object: "event:\(eventID)") {
            try await services.administration.replay(eventID: eventID)
        }
        return Self.redirect(to: "/console/callbacks?done=replayed")
    }

    func changeCard(
        _ request: Request,
        _ context: BasicRequestContext,
        _ action: CardManagement.OperatorAction
    )
        async throws -> Response
    {
        let (signedIn, _) = try await acting(EmptyForm.self, request, needsAdmin: true)
        let cardNo = context.parameters.get("card_no") ?? ""
        var card: Card?
        try await audited(signedIn, "console card \(action.rawValue)", object: "card_no:\(cardNo)") {
            card = try await services.cards.change(cardNo: cardNo, action, by: signedIn.consoleOperator.name)
        }
        let holder = card?.cardholderNo ?? ""
        return Self.redirect(to: "/console/cardholders/\(holder.addingFormEncoding)?done=\(action.rawValue)")
    }

    /// Runs `body` and writes its outcome to the audit log, whether it succeeded or not.
    func audited(
        _ signedIn: SignedIn,
        _ action: String,
        object: String?,
        _ body: () async throws -> Void
    )
        async throws
    {
        do {
            try await body()
            await audit(signedIn.consoleOperator.name, action, object: object, outcome: "ok")
        } catch {
            let reason =
                (error as? AdministrationError)?.description
                ?? (error as? CardplaneError).map { String($0.code.rawValue) } ?? "error"
            await audit(signedIn.consoleOperator.name, action, object: object, outcome: "failed: \(reason)")
            throw error
        }
    }

    /// The notice a page shows after an action sent the browser back to it.
    static func notice(_ request: Request) -> String? {
        switch request.uri.queryParameters.get("done") {
        case "status": "Status changed."
        case "callback": "Callback URL set."
        case "revoked": "Key revoked: its next request answers 1010."
        case "replayed": "Callback queued to be sent again."
        case "freeze": "Card frozen: its payments are declined until it is unfrozen."
        case "unfreeze": "Card unfrozen."
        default: nil
        }
    }
}
