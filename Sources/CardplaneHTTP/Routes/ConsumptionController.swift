import CardplaneCore
import CardplaneIssuer
import Hummingbird

/// Consumption list and detail (spec §4.11), for merchants in either mode.
struct ConsumptionController {
    let transactions: CardTransactions

    func register(in group: RouterGroup<CardplaneRequestContext>) {
        group.post("card/consume/list", use: list)
        group.get("card/consume/:consume_no/info", use: info)
    }

    struct ListRequest: WindowedListRequest, Decodable {
        var cardholderNo: String?
        var consumeNo: String?
        var cardNo: String?
        var startTime: String?
        var endTime: String?
        var page: Int?
        var size: Int?
        var cursor: String?

        enum CodingKeys: String, CodingKey {
            case cardholderNo = "cardholder_no"
            case consumeNo = "consume_no"
            case cardNo = "card_no"
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
        let result = try await transactions.consumptions(
            merchantNo: context.requireAuthenticated.merchant.merchantNo,
            cardholderNo: body.cardholderNo?.nilIfEmpty,
            consumeNo: body.consumeNo?.nilIfEmpty,
            cardNo: body.cardNo?.nilIfEmpty,
            range: window.range,
            page: window.page
        )
        let payload = ListPayload(result.map(ConsumptionRow.init))
        return try Envelope.success(payload, language: context.language).response()
    }

    /// Checks: 4009 when the record is not this merchant's.
    func info(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let consumeNo = context.parameters.get("consume_no") ?? ""
        let record = try await transactions.consumption(
            consumeNo: consumeNo,
            merchantNo: context.requireAuthenticated.merchant.merchantNo
        )
        return try Envelope.success(ConsumptionDetail(record), language: context.language).response()
    }
}

/// A row of `card/consume/list` (spec §4.11).
struct ConsumptionRow: Encodable, Sendable {
    var consumeNo: String
    var cardNo: String
    var type: String
    var amount: String
    var status: String
    var time: Int64

    init(_ record: ConsumptionSummary) {
        consumeNo = record.consumeNo
        cardNo = record.cardNo
        type = record.type.rawValue
        amount = record.amount.description
        status = record.status.rawValue
        time = record.createdAtMs
    }

    enum CodingKeys: String, CodingKey {
        case consumeNo = "consume_no"
        case cardNo = "card_no"
        case type, amount, status, time
    }
}

/// `data` of `card/consume/{consume_no}/info` (spec §4.11): amounts as strings, fees itemised in
/// `fee_list`, `time` the last update (as the callback's).
struct ConsumptionDetail: Encodable, Sendable {
    var consumeNo: String
    var consumeRelateNo: String
    var cardNo: String
    var cardholderNo: String
    var type: String
    var amount: String
    var localAmount: String
    var localCurrency: String
    var fee: String
    var feeList: [FeeRow]
    var merchantInfo: MerchantInfo?
    var status: String
    var remark: String
    var detail: String
    var time: Int64

    struct FeeRow: Encodable, Sendable {
        var feeType: String
        var amount: String

        enum CodingKeys: String, CodingKey {
            case feeType = "fee_type"
            case amount
        }
    }

    init(_ record: Consumption) {
        consumeNo = record.consumeNo
        consumeRelateNo = record.relatedConsumeNo ?? ""
        cardNo = record.cardNo
        cardholderNo = record.cardholderNo
        type = record.type.rawValue
        amount = record.amount.description
        localAmount = record.localAmount.description
        localCurrency = record.localCurrency
        fee = record.feeTotal.description
        feeList = record.fees.map { FeeRow(feeType: $0.type.rawValue, amount: $0.amount.description) }
        merchantInfo = record.network?.merchant
        status = record.status.rawValue
        remark = record.remark ?? ""
        detail = record.detail ?? ""
        time = record.updatedAtMs
    }

    enum CodingKeys: String, CodingKey {
        case consumeNo = "consume_no"
        case consumeRelateNo = "consume_relate_no"
        case cardNo = "card_no"
        case cardholderNo = "cardholder_no"
        case type, amount
        case localAmount = "local_amount"
        case localCurrency = "local_currency"
        case fee
        case feeList = "fee_list"
        case merchantInfo = "merchant_info"
        case status, remark, detail, time
    }
}
