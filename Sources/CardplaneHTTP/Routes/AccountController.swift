import CardplaneCore
import CardplaneIssuer
import Hummingbird

/// Cardholder fund transfers, accounts and the transfer list (spec §4.13–4.15): credit extension only.
struct AccountController {
    let accounts: CardholderAccounts

    func register(in group: RouterGroup<CardplaneRequestContext>) {
        let credit = group.group().add(middleware: ModeGateMiddleware(.only(.creditExtension)))
        credit.post("account/transfer", use: transfer)
        credit.post("account/transfer/list", use: list)
        credit.get("account/:cardholder_no/info", use: info)
    }

    struct TransferBody: Decodable {
        var cardholderNo: String?
        var transferUniqueNo: String?
        var type: String?
        var balance: TransferRequest.BalanceField

        enum CodingKeys: String, CodingKey {
            case cardholderNo = "cardholder_no"
            case transferUniqueNo = "transfer_unique_no"
            case type, balance
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            cardholderNo = try container.decodeIfPresent(String.self, forKey: .cardholderNo)
            transferUniqueNo = try container.decodeIfPresent(String.self, forKey: .transferUniqueNo)
            type = try container.decodeIfPresent(String.self, forKey: .type)
            // `balance` must be a string (spec §4.13); a number or anything else is 3005, not 1004.
            if try !container.contains(.balance) || container.decodeNil(forKey: .balance) {
                balance = .missing
            } else if let text = try? container.decode(String.self, forKey: .balance) {
                balance = .string(text)
            } else {
                balance = .notAString
            }
        }
    }

    struct TransferPayload: Encodable, Sendable {
        var transferNo: String
        var transferUniqueNo: String
        var beforeBalance: String
        var afterBalance: String

        enum CodingKeys: String, CodingKey {
            case transferNo = "transfer_no"
            case transferUniqueNo = "transfer_unique_no"
            case beforeBalance = "before_balance"
            case afterBalance = "after_balance"
        }
    }

    /// Checks in order: body (1004), fields (``TransferRequest``: 1004, 3006, 3005), then
    /// ``CardholderAccounts`` (2002, 2005/2004, 3004, 3007, 3002).
    func transfer(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let body = try await request.decodeBody(as: TransferBody.self, context: context)
        let transferRequest = try TransferRequest(
            cardholderNo: body.cardholderNo,
            transferUniqueNo: body.transferUniqueNo,
            type: body.type,
            balance: body.balance,
            currency: CardholderAccounts.currency
        )
        let transfer = try await accounts.transfer(
            transferRequest,
            merchantNo: context.requireAuthenticated.merchant.merchantNo
        )
        let scale = CardholderAccounts.currency.scale
        let payload = TransferPayload(
            transferNo: transfer.transferNo,
            transferUniqueNo: transfer.transferUniqueNo,
            beforeBalance: Amount(minorUnits: transfer.beforeBalanceMinor, scale: scale).description,
            afterBalance: Amount(minorUnits: transfer.afterBalanceMinor, scale: scale).description
        )
        return try Envelope.success(payload, language: context.language).response()
    }

    /// Checks: 2002 when the cardholder is not this merchant's.
    func info(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let account = try await accounts.account(
            cardholderNo: context.parameters.get("cardholder_no") ?? "",
            merchantNo: context.requireAuthenticated.merchant.merchantNo
        )
        let payload = AccountListPayload(list: [AccountRow(account)])
        return try Envelope.success(payload, language: context.language).response()
    }

    struct ListBody: WindowedListRequest, Decodable {
        var cardholderNo: String?
        var transferNo: String?
        var transferUniqueNo: String?
        var startTime: String?
        var endTime: String?
        var page: Int?
        var size: Int?
        var cursor: String?

        enum CodingKeys: String, CodingKey {
            case cardholderNo = "cardholder_no"
            case transferNo = "transfer_no"
            case transferUniqueNo = "transfer_unique_no"
            case startTime = "start_time"
            case endTime = "end_time"
            case page, size, cursor
        }
    }

    /// Checks in order: body (1004), `Timezone` (1004), `start_time`/`end_time` (1004, 1019, 1020),
    /// `page`, `size` (1004).
    func list(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let body = try await request.decodeBody(as: ListBody.self, context: context)
        let window = try ListWindow(request: request, body: body)
        let result = try await accounts.transfers(
            merchantNo: context.requireAuthenticated.merchant.merchantNo,
            cardholderNo: body.cardholderNo?.nilIfEmpty,
            transferNo: body.transferNo?.nilIfEmpty,
            transferUniqueNo: body.transferUniqueNo?.nilIfEmpty,
            range: window.range,
            page: window.page
        )
        let payload = ListPayload(result.map(TransferRow.init))
        return try Envelope.success(payload, language: context.language).response()
    }
}
