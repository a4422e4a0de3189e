import CardplaneCore
import CardplaneIssuer
import CardplaneTelemetry
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Appends each audited merchant call to the audit log (ADR 0020) before its answer leaves: who
/// (the key id), what (method and route template), which object, and the answer code.
///
/// Audited: every `POST` that is not a list (they change state), and the two reads that hand out
/// card secrets (`card/{card_no}/private/info`, `merchant/client/{card_no}/token`). Runs inside
/// ``IdempotencyMiddleware``: a replayed answer ran nothing and is not audited again. The object
/// is the path's `card_no` or the first identifier field of the body (`card_no`, `cardholder_no`,
/// `card_unique_no`, `cardholder_unique_no`, `transfer_unique_no`); nothing else of the body,
/// and no header, is read.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = CardplaneRequestContext

    let log: AuditLog
    let clock: any WallClock
    let metrics: OperatorMetrics

    /// Reads that hand out card secrets, audited like changes.
    static let auditedReads: Set<String> = [
        "/open-api/v1/card/{card_no}/private/info", "/open-api/v1/merchant/client/{card_no}/token",
    ]

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let route = context.endpointPath ?? ""
        let audited =
            request.method == .post ? !route.hasSuffix("/list") : Self.auditedReads.contains(route)
        guard audited else { return try await next(request, context) }
        var request = request
        let object = try await Self.object(of: &request, context: context)
        let authenticated = context.requireAuthenticated
        let outcome: Int
        let response: Response
        do {
            response = try await next(request, context)
            outcome = ErrorCode.success.rawValue
        } catch {
            let code = EnvelopeMiddleware.code(of: error)
            await record(entry(route: route, request: request, object: object, outcome: code, authenticated), context)
            throw error
        }
        await record(entry(route: route, request: request, object: object, outcome: outcome, authenticated), context)
        return response
    }

    /// Appends `entry`. The call has happened whatever the log says: when the append fails the
    /// answer still goes out, and the gap is logged and counted (an alert rule watches it).
    private func record(_ entry: AuditEntry, _ context: Context) async {
        do {
            try await log.record(entry)
        } catch {
            metrics.auditAppendFailed()
            context.logger.error(
                "audit append failed",
                metadata: ["action": .string(entry.action), "error": .string(String(reflecting: type(of: error)))]
            )
        }
    }

    private func entry(
        route: String,
        request: Request,
        object: String?,
        outcome: Int,
        _ authenticated: AuthenticatedKey
    ) -> AuditEntry {
        AuditEntry(
            occurredAtMs: clock.nowMs(),
            actor: .merchant(keyID: authenticated.key.id, merchantNo: authenticated.merchant.merchantNo),
            action: "\(request.method.rawValue) \(route)",
            object: object,
            outcome: String(outcome)
        )
    }

    /// The identifiers a body may name, in the order the object is taken from.
    static let identifierFields = [
        "card_no", "cardholder_no", "card_unique_no", "cardholder_unique_no", "transfer_unique_no",
    ]

    /// `card_no:…` from the path, else the body's first identifier; the body stays readable.
    static func object(of request: inout Request, context: Context) async throws -> String? {
        if let cardNo = context.parameters.get("card_no") { return "card_no:\(kept(cardNo))" }
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let fields = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]
        for field in identifierFields {
            if let value = fields?[field] as? String { return "\(field):\(kept(value))" }
        }
        return nil
    }

    /// What the log keeps of an identifier the merchant sent: cut to a bounded length, and never
    /// anything shaped like a card number (12–19 digits), which a merchant may send by mistake
    /// where a `card_no` belongs.
    static func kept(_ identifier: String) -> String {
        let digits = identifier.utf8.count
        if (12...19).contains(digits), identifier.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            return "[redacted: card-number shape]"
        }
        return String(identifier.prefix(Limits.auditObjectLengthMax))
    }
}
