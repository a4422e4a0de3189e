import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import Hummingbird

/// Cardholders and cards: lists a page at a time, a cardholder with their cards and account,
/// personal data masked or left sealed.
extension ConsoleController {
    func cardholders(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await viewing(request) { signedIn in
            let query = Self.query(request)
            if let number = query["q"] {
                return Self.redirect(to: "/console/cardholders/\(number.addingFormEncoding)")
            }
            let cursor = query["after"].flatMap(Self.cursor(from:))
            let rows = try await services.store.withReader { database in
                try await ConsoleReadRecords(database).cardholders(
                    merchantNo: query["merchant"],
                    after: cursor,
                    limit: Self.pageSize
                )
            }
            var context: [String: Any] = [
                "cardholders": rows.map(Self.cardholderFields),
                "filter": ["merchant": query["merchant"] ?? ""],
            ]
            context["next"] =
                rows.count == Self.pageSize
                ? rows.last.map {
                    Self.nextPage(request, after: "\($0.createdAtMs)-\($0.cardholderNo)")
                } : nil
            return page("cardholders", title: "Cardholders", signedIn: signedIn, context)
        }
    }

    func cardholder(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await viewing(request) { signedIn in
            let cardholderNo = context.parameters.get("cardholder_no") ?? ""
            let owner = LedgerAccount.Owner.cardholder(cardholderNo)
            let accountID = LedgerAccount.id(of: owner, currency: Currency.tusdt.code)
            let found = try await services.store.withReader { database -> (Cardholder, [Card], LedgerAccount?)? in
                guard let holder = try await CardholderRecords(database).cardholder(no: cardholderNo) else {
                    return nil
                }
                return (
                    holder,
                    try await CardRecords(database).cards(cardholderNo: cardholderNo),
                    try await LedgerRecords(database).account(id: accountID)
                )
            }
            guard let (holder, cards, account) = found else {
                return page(
                    "message",
                    title: "Not found",
                    signedIn: signedIn,
                    ["message": "No such cardholder."],
                    status: .notFound
                )
            }
            var fields = Self.cardholderFields(holder)
            fields["kycReason"] = holder.verification.failReason.map { "(\($0))" } ?? ""
            fields["accountID"] = accountID
            fields["balance"] = Self.money(account?.balanceMinor ?? 0, currency: Currency.tusdt.code)
            fields["held"] = Self.money(account?.heldMinor ?? 0, currency: Currency.tusdt.code)
            var context: [String: Any] = ["cardholder": fields, "cards": try await cardFields(cards)]
            context["notice"] = Self.notice(request)
            return page("cardholder", title: "Cardholder \(cardholderNo)", signedIn: signedIn, context)
        }
    }

    static func cardholderFields(_ holder: Cardholder) -> [String: Any] {
        [
            "cardholderNo": holder.cardholderNo, "merchantNo": holder.merchantNo, "uniqueNo": holder.cardholderUniqueNo,
            "kyc": holder.verification.status.rawValue, "email": holder.email.map(Self.masked(email:)) ?? "",
            "created": ConsoleFormat.time(holder.createdAtMs),
        ]
    }

    /// `a***@e***.com`: enough to tell two addresses apart on a call, not to write to one.
    static func masked(email: String) -> String {
        guard let at = email.firstIndex(of: "@") else { return "***" }
        let domain = email[email.index(after: at)...]
        let topLevel = domain.lastIndex(of: ".").map { String(domain[$0...]) } ?? ""
        return "\(email.prefix(1))***@\(domain.prefix(1))***\(topLevel)"
    }

    func cards(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await viewing(request) { signedIn in
            let query = Self.query(request)
            let status = query["status"].flatMap(CardStatus.init(rawValue:))
            let cursor = query["after"].flatMap(Self.cursor(from:))
            let rows = try await services.store.withReader { database in
                try await ConsoleReadRecords(database).cards(
                    merchantNo: query["merchant"],
                    status: status,
                    after: cursor,
                    limit: Self.pageSize
                )
            }
            var context: [String: Any] = [
                "cards": try await cardFields(rows),
                "filter": ["merchant": query["merchant"] ?? ""],
                "statuses": CardStatus.allCases.map { ["value": $0.rawValue, "selected": $0 == status] },
            ]
            context["next"] =
                rows.count == Self.pageSize
                ? rows.last.map {
                    Self.nextPage(request, after: "\($0.createdAtMs)-\($0.cardNo)")
                } : nil
            context["notice"] = Self.notice(request)
            return page("cards", title: "Cards", signedIn: signedIn, context)
        }
    }

    /// Each card's row: last 4 only, its status and what may be done, its package's limits.
    func cardFields(_ cards: [Card]) async throws -> [[String: Any]] {
        let packageNos = Set(cards.compactMap(\.packageNo))
        let limits = try await services.store.withReader { database in
            var limits: [String: String] = [:]
            for packageNo in packageNos {
                guard let limit = try await CatalogRecords(database).package(no: packageNo)?.package.consumptionLimit
                else { continue }
                limits[packageNo] = [
                    limit.limitBalance, limit.limitWeekBalance, limit.limitAtmDayBalance, limit.limitAtmMonthBalance,
                ].map(\.description).joined(separator: " / ")
            }
            return limits
        }
        return cards.map { card in
            [
                "cardNo": card.cardNo, "lastFour": card.lastFour, "type": card.cardType.rawValue,
                "status": card.status.rawValue, "merchantNo": card.merchantNo, "cardholderNo": card.cardholderNo,
                "limits": card.packageNo.flatMap { limits[$0] } ?? "the merchant's BIN settings",
                "created": ConsoleFormat.time(card.createdAtMs),
                "canFreeze": card.status == .activated, "canUnfreeze": card.status == .frozen,
            ]
        }
    }

    /// The query's non-empty parameters.
    static func query(_ request: Request) -> [String: String] {
        var values: [String: String] = [:]
        for (name, value) in request.uri.queryParameters where !value.isEmpty {
            values[String(name)] = String(value)
        }
        return values
    }

    /// The same page with `after` moved on.
    static func nextPage(_ request: Request, after: String) -> String {
        var items = request.uri.queryParameters.filter { $0.key != "after" && $0.key != "done" }
            .map { "\($0.key)=\(String($0.value).addingFormEncoding)" }
        items.append("after=\(after.addingFormEncoding)")
        return request.uri.path + "?" + items.joined(separator: "&")
    }

    /// `after=<created_at_ms>-<number>`.
    static func cursor(from text: String) -> ConsoleReadRecords.Cursor? {
        guard let dash = text.firstIndex(of: "-"), let createdAtMs = Int64(text[..<dash]) else { return nil }
        return ConsoleReadRecords.Cursor(createdAtMs: createdAtMs, number: String(text[text.index(after: dash)...]))
    }
}

extension String {
    /// Percent-encoded for a query or a path segment: letters, digits and `-._~` stay.
    var addingFormEncoding: String {
        var encoded = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.append(Character(UnicodeScalar(byte)))
            default:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
