import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import Hummingbird

/// The console's read pages: merchants, payments and callbacks. (The overview is in
/// `ConsoleController+Overview.swift`.)
extension ConsoleController {
    static let pageSize = 50

    func merchants(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await viewing(request) { signedIn in
            var rows: [[String: Any]] = []
            for merchant in try await services.administration.merchants() {
                rows.append(try await merchantFields(merchant))
            }
            return page("merchants", title: "Merchants", signedIn: signedIn, ["merchants": rows])
        }
    }

    func merchant(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await viewing(request) { signedIn in
            let merchantNo = context.parameters.get("merchant_no") ?? ""
            guard let merchant = try? await services.administration.requireMerchant(no: merchantNo) else {
                return page(
                    "message",
                    title: "Not found",
                    signedIn: signedIn,
                    ["message": "No such merchant."],
                    status: .notFound
                )
            }
            var fields = try await merchantFields(merchant)
            fields["callbackURL"] = try await services.administration.callbackURL(merchantNo: merchantNo) ?? "not set"
            fields["allowlist"] = merchant.ipAllowlist.map(\.description)
            fields["isEnabled"] = merchant.status == .enabled
            fields["keys"] = try await services.administration.keys(merchantNo: merchantNo).map {
                key -> [String: Any] in
                [
                    "id": key.id, "prefix": key.prefix, "status": key.status.rawValue,
                    "created": ConsoleFormat.time(key.createdAtMs),
                    "expires": key.expiresAtMs.map(ConsoleFormat.time) ?? "never",
                    "isEnabled": key.status == .enabled,
                ]
            }
            var context: [String: Any] = ["merchant": fields]
            context["notice"] = Self.notice(request)
            return page("merchant", title: "Merchant \(merchant.name)", signedIn: signedIn, context)
        }
    }

    func merchantFields(_ merchant: Merchant) async throws -> [String: Any] {
        let reserve = try await services.treasury.reserve(merchantNo: merchant.merchantNo)
        return [
            "merchantNo": merchant.merchantNo, "name": merchant.name, "mode": merchant.mode.rawValue,
            "status": merchant.status.rawValue,
            "reserve": Self.money(reserve.availableMinor, currency: reserve.currency),
        ]
    }

    func payments(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await viewing(request) { signedIn in
            let query = request.uri.queryParameters
            let text = { (name: String) in query.get(name).flatMap { $0.isEmpty ? nil : $0 } }
            let filter = ConsoleReadRecords.PaymentFilter(
                merchantNo: text("merchant"),
                cardNo: text("card"),
                status: text("status").flatMap(RecordStatus.init(rawValue:)),
                fromMs: text("from").flatMap(ConsoleFormat.milliseconds(dateTimeLocal:)),
                toMs: text("to").flatMap(ConsoleFormat.milliseconds(dateTimeLocal:))
            )
            let cursor = text("after").flatMap(Self.cursor(from:))
            let records = try await services.store.withReader { database in
                try await ConsoleReadRecords(database).payments(filter, after: cursor, limit: Self.pageSize)
            }
            var context: [String: Any] = [
                "payments": records.map(paymentFields),
                "filter": [
                    "merchant": text("merchant") ?? "", "card": text("card") ?? "", "from": text("from") ?? "",
                    "to": text("to") ?? "",
                ],
                "statuses": RecordStatus.allCases.map { ["value": $0.rawValue, "selected": $0 == filter.status] },
            ]
            if records.count == Self.pageSize, let last = records.last {
                context["next"] = Self.nextPage(request, after: "\(last.createdAtMs)-\(last.consumeNo)")
            }
            return page("payments", title: "Payments", signedIn: signedIn, context)
        }
    }

    func payment(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await viewing(request) { signedIn in
            let consumeNo = context.parameters.get("consume_no") ?? ""
            let found = try await services.store.withReader { database in
                let records = ConsoleReadRecords(database)
                guard let record = try await ConsumptionRecords(database).record(consumeNo: consumeNo) else {
                    return nil as (Consumption, [Consumption], [OutboxRecords.Delivery])?
                }
                return (
                    record,
                    try await records.followUps(of: consumeNo),
                    try await records.deliveries(aggregateType: "consumption", aggregateNo: consumeNo)
                )
            }
            guard let (record, followUps, deliveries) = found else {
                return page(
                    "message",
                    title: "Not found",
                    signedIn: signedIn,
                    ["message": "No such payment."],
                    status: .notFound
                )
            }
            var fields = paymentFields(record)
            fields["localAmount"] = "\(record.localAmount) \(record.localCurrency)"
            fields["cleared"] = Self.money(record.network?.clearedMinor ?? 0, currency: record.currency)
            fields["returned"] = Self.money(record.network?.returnedMinor ?? 0, currency: record.currency)
            fields["networkTransactionID"] = record.network?.transactionID ?? "—"
            fields["created"] = ConsoleFormat.time(record.createdAtMs)
            fields["updated"] = ConsoleFormat.time(record.updatedAtMs)
            let context: [String: Any] = [
                "payment": fields,
                "fees": record.fees.map { ["type": $0.type.rawValue, "amount": "\($0.amount) \(record.currency)"] },
                "followUps": followUps.map(paymentFields),
                "deliveries": deliveries.map(Self.deliveryFields),
            ]
            return page("payment", title: "Payment \(consumeNo)", signedIn: signedIn, context)
        }
    }

    func paymentFields(_ record: Consumption) -> [String: Any] {
        [
            "consumeNo": record.consumeNo, "time": ConsoleFormat.time(record.createdAtMs),
            "merchantNo": record.merchantNo, "cardNo": record.cardNo, "cardholderNo": record.cardholderNo,
            "type": record.type.rawValue, "status": record.status.rawValue,
            "amount": "\(record.amount) \(record.currency)", "fee": "\(record.feeTotal)",
            "where": record.network.map { "\($0.merchant.merchantName), \($0.merchant.city) \($0.merchant.country)" }
                ?? "",
            "declineReason": record.network?.declineReason?.rawValue ?? "",
        ]
    }

    func callbacks(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await viewing(request) { signedIn in
            let query = request.uri.queryParameters
            let merchantNo = query.get("merchant").flatMap { $0.isEmpty ? nil : $0 }
            let status = query.get("status").flatMap(OutboxRecords.DeliveryStatus.init(rawValue:))
            let deliveries = try await services.administration.deliveries(
                merchantNo: merchantNo,
                status: status,
                limit: Self.pageSize
            )
            var context: [String: Any] = [
                "deliveries": deliveries.map(Self.deliveryFields),
                "filter": ["merchant": merchantNo ?? ""],
                "statuses": OutboxRecords.DeliveryStatus.allCases.map {
                    ["value": $0.rawValue, "selected": $0 == status]
                },
            ]
            context["notice"] = Self.notice(request)
            return page("callbacks", title: "Callbacks", signedIn: signedIn, context)
        }
    }

    static func deliveryFields(_ delivery: OutboxRecords.Delivery) -> [String: Any] {
        [
            "eventID": delivery.event.eventID, "merchantNo": delivery.event.merchantNo,
            "eventType": delivery.event.eventType, "created": ConsoleFormat.time(delivery.event.createdAtMs),
            "status": delivery.status.rawValue, "attempts": delivery.attempts, "lastError": delivery.lastError ?? "",
        ]
    }

    /// `12.34 TUSDT` from minor units at the currency's precision.
    static func money(_ minor: Int64, currency: String) -> String {
        let scale = Currency.known[currency]?.scale ?? 2
        return "\(Amount(minorUnits: minor, scale: scale)) \(currency)"
    }
}
