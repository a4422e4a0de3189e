import CardplaneCore
import CardplaneIssuer
import Hummingbird

/// Cardholder apply, list and info (spec §4.1–4.3), for merchants in either mode.
struct CardholderController {
    let cardholders: CardholderRegistry
    let accounts: CardholderAccounts
    let cards: CardManagement

    func register(in group: RouterGroup<CardplaneRequestContext>) {
        group.post("cardholder/apply", use: apply)
        group.post("cardholder/list", use: list)
        group.get("cardholder/:cardholder_no/info", use: info)
    }

    struct ApplyRequest: Decodable {
        var cardholderNo: String?
        var cardholderUniqueNo: String?
        var sumsubShareToken: String?

        enum CodingKeys: String, CodingKey {
            case cardholderNo = "cardholder_no"
            case cardholderUniqueNo = "cardholder_unique_no"
            case sumsubShareToken = "sumsub_share_token"
        }
    }

    struct ApplyPayload: Encodable, Sendable {
        var cardholderNo: String
        var cardholderUniqueNo: String

        enum CodingKeys: String, CodingKey {
            case cardholderNo = "cardholder_no"
            case cardholderUniqueNo = "cardholder_unique_no"
        }
    }

    /// Checks in order: body (1004), fields (1004, ``CardholderApplication``), then the registry's
    /// codes (``CardholderRegistry``).
    func apply(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let body = try await request.decodeBody(as: ApplyRequest.self, context: context)
        let application = try CardholderApplication(
            cardholderNo: body.cardholderNo?.nilIfEmpty,
            cardholderUniqueNo: body.cardholderUniqueNo,
            shareToken: body.sumsubShareToken
        )
        let merchantNo = context.requireAuthenticated.merchant.merchantNo
        let cardholder = try await cardholders.apply(application, merchantNo: merchantNo)
        let payload = ApplyPayload(
            cardholderNo: cardholder.cardholderNo,
            cardholderUniqueNo: cardholder.cardholderUniqueNo
        )
        return try Envelope.success(payload, language: context.language).response()
    }

    struct ListRequest: WindowedListRequest, Decodable {
        var cardholderNo: String?
        var cardholderUniqueNo: String?
        var startTime: String?
        var endTime: String?
        var page: Int?
        var size: Int?
        var cursor: String?

        enum CodingKeys: String, CodingKey {
            case cardholderNo = "cardholder_no"
            case cardholderUniqueNo = "cardholder_unique_no"
            case startTime = "start_time"
            case endTime = "end_time"
            case page, size, cursor
        }
    }

    /// Checks in order: body (1004), `Timezone` (1004), `start_time`/`end_time` (1004, 1019, 1020),
    /// `page`, `size` (1004).
    func list(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let body = try await request.decodeBody(as: ListRequest.self, context: context)
        let window = try ListWindow(request: request, body: body)
        let result = try await cardholders.list(
            merchantNo: context.requireAuthenticated.merchant.merchantNo,
            cardholderNo: body.cardholderNo?.nilIfEmpty,
            uniqueNo: body.cardholderUniqueNo?.nilIfEmpty,
            range: window.range,
            page: window.page
        )
        let payload = ListPayload(result.map(CardholderRow.init))
        return try Envelope.success(payload, language: context.language).response()
    }

    /// Checks: 2002 when the cardholder is not this merchant's.
    func info(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let cardholderNo = context.parameters.get("cardholder_no") ?? ""
        let merchant = context.requireAuthenticated.merchant
        let cardholder = try await cardholders.requireCardholder(no: cardholderNo, merchantNo: merchant.merchantNo)
        // Authorization-mode merchants keep their cardholders' money themselves: no accounts here.
        let accountList =
            merchant.mode == .creditExtension
            ? [try await accounts.account(cardholderNo: cardholderNo, merchantNo: merchant.merchantNo)] : []
        let cardList = try await cards.cards(cardholderNo: cardholderNo)
        let payload = CardholderInfo(cardholder, accounts: accountList, cards: cardList)
        return try Envelope.success(payload, language: context.language).response()
    }
}
