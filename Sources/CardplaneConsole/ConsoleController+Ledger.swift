import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import Hummingbird

/// The ledger: accounts and balances, an account's postings newest first, and `ledger verify`.
extension ConsoleController {
    static let ownerTypes = ["platform", "merchant", "cardholder"]

    func ledger(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await viewing(request) { signedIn in
            page("ledger", title: "Ledger", signedIn: signedIn, try await ledgerContext(request, verification: nil))
        }
    }

    func ledgerContext(_ request: Request, verification: LedgerVerification?) async throws -> [String: Any] {
        let query = Self.query(request)
        let owner = query["owner"].flatMap { Self.ownerTypes.contains($0) ? $0 : nil }
        let accounts = try await services.store.withReader { database in
            try await ConsoleReadRecords(database).accounts(
                ownerType: owner,
                after: query["after"],
                limit: Self.pageSize
            )
        }
        var context: [String: Any] = [
            "accounts": accounts.map(Self.accountFields),
            "owners": Self.ownerTypes.map { ["value": $0, "selected": $0 == owner] },
        ]
        if accounts.count == Self.pageSize, let last = accounts.last {
            context["next"] = Self.nextPage(request, after: last.accountID)
        }
        if let verification {
            context["verification"] = [
                "result": verification.isClean ? "clean" : "PROBLEMS FOUND",
                "accounts": verification.accounts, "entries": verification.entries, "postings": verification.postings,
                "balanceSum": verification.balanceSum, "problems": verification.problems,
            ]
        }
        return context
    }

    static func accountFields(_ account: LedgerAccount) -> [String: Any] {
        [
            "accountID": account.accountID, "owner": "\(account.owner.type) \(account.owner.number)",
            "balance": money(account.balanceMinor, currency: account.currency),
            "held": money(account.heldMinor, currency: account.currency),
            "available": money(account.availableMinor, currency: account.currency),
        ]
    }

    func account(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await viewing(request) { signedIn in
            let query = Self.query(request)
            let accountID = query["id"] ?? ""
            let cursor = query["after"].flatMap(Self.postingCursor(from:))
            let found = try await services.store.withReader {
                database -> (LedgerAccount, [ConsoleReadRecords.Posting])? in
                guard let account = try await LedgerRecords(database).account(id: accountID) else { return nil }
                let postings = try await ConsoleReadRecords(database).postings(
                    accountID: accountID,
                    after: cursor,
                    limit: Self.pageSize
                )
                return (account, postings)
            }
            guard let (account, postings) = found else {
                return page(
                    "message",
                    title: "Not found",
                    signedIn: signedIn,
                    ["message": "No such account."],
                    status: .notFound
                )
            }
            var context: [String: Any] = [
                "account": Self.accountFields(account),
                "postings": postings.map { posting -> [String: Any] in
                    [
                        "time": ConsoleFormat.time(posting.createdAtMs), "entryID": posting.entryID,
                        "kind": posting.kind, "reference": posting.reference,
                        "amount": Self.money(posting.amountMinor, currency: account.currency),
                    ]
                },
            ]
            if postings.count == Self.pageSize, let last = postings.last {
                context["next"] = Self.nextPage(request, after: "\(last.createdAtMs)-\(last.line)-\(last.entryID)")
            }
            return page("account", title: "Account", signedIn: signedIn, context)
        }
    }

    /// `after=<created_at_ms>-<line>-<entry_id>`.
    static func postingCursor(from text: String) -> ConsoleReadRecords.PostingCursor? {
        let parts = text.split(separator: "-", maxSplits: 2).map(String.init)
        guard parts.count == 3, let createdAtMs = Int64(parts[0]), let line = Int(parts[1]) else { return nil }
        return ConsoleReadRecords.PostingCursor(createdAtMs: createdAtMs, entryID: parts[2], line: line)
    }

    /// `POST /console/ledger/verify` (admin): recomputes the whole ledger, as `cardplane ledger verify`.
    func verifyLedger(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (signedIn, _) = try await acting(EmptyForm.self, request, needsAdmin: true)
        var verification: LedgerVerification?
        try await audited(signedIn, "console ledger verify", object: nil) {
            verification = try await services.treasury.verifyLedger()
        }
        return page(
            "ledger",
            title: "Ledger",
            signedIn: signedIn,
            try await ledgerContext(request, verification: verification)
        )
    }
}
