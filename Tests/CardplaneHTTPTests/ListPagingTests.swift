import CardplaneApp
import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneStore
import CardplaneTesting
import CardplaneVault
import Foundation
import HTTPTypes
import Testing

/// Lists at any depth (spec §13): cursors, any page, and exact totals from hour counts; both stores.
@Suite struct ListPagingTests {
    static let listPath = "/open-api/v1/account/transfer/list"

    /// Makes `count` transfers of 0.01 `In`, numbered from `first`, one after another (the test
    /// clock stands still, so they share a creation time and the number orders them).
    static func transfers(
        _ server: TestServer,
        _ credential: IssuedCredential,
        _ cardholderNo: String,
        from first: Int,
        count: Int
    ) async throws {
        for index in first..<(first + count) {
            let reply = try await server.callAuthenticated(
                .post,
                TransferTests.transferPath,
                credential: credential,
                body: TransferTests.body(cardholderNo, "PAGE_\(index)", "In", #""0.01""#)
            )
            #expect(reply.code == 0, "\(reply.raw)")
        }
    }

    /// One page of the transfer list over the whole day in UTC.
    static func page(
        _ server: TestServer,
        _ credential: IssuedCredential,
        page: Int? = nil,
        size: Int,
        cursor: String? = nil,
        range: (String, String)? = nil,
        language: String? = nil
    ) async throws -> EnvelopeReply {
        let today = Self.day(server.clock.nowMs())
        var body: [String: Any] = ["start_time": range?.0 ?? today, "end_time": range?.1 ?? today, "size": size]
        if let page { body["page"] = page }
        if let cursor { body["cursor"] = cursor }
        let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let token = try await server.accessToken(for: credential)
        var headers = server.headers(apiKey: credential.apiKey.reveal(), accessToken: token, language: language)
        headers[HTTPField.Name("Timezone")!] = "UTC"
        return try await server.call(.post, Self.listPath, headers: headers, body: text)
    }

    static func day(_ ms: Int64) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1_000))
    }

    static func numbers(_ reply: EnvelopeReply) -> [String] {
        (reply.data?["list"] as? [[String: Any]] ?? []).compactMap { $0["transfer_no"] as? String }
    }

    /// Walking by cursor shows every row exactly once, in the order of the first page, although
    /// newer rows arrive between pages; the last page carries no cursor; offset pages agree with it.
    /// Most rows share a millisecond (a frozen clock), so the number orders them.
    @Test(arguments: StoreKind.available)
    func cursorPagesShowEveryRowOnceWhileRowsArrive(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (credential, cardholderNo) = try await TransferTests.setUp(server)
            try await Self.transfers(server, credential, cardholderNo, from: 0, count: 23)
            let first = try await Self.page(server, credential, size: 10)
            // 23 and the setup's funding transfer.
            #expect(first.data?["total"] as? Int == 24 && Self.numbers(first).count == 10)
            var cursor = try #require(first.data?["next_cursor"] as? String)
            var walked = Self.numbers(first)
            let offsetPages = try await [1, 2].asyncMap { try await Self.page(server, credential, page: $0, size: 10) }
            server.clock.advance(byMs: 1)
            try await Self.transfers(server, credential, cardholderNo, from: 100, count: 5)
            while true {
                let next = try await Self.page(server, credential, page: 99, size: 10, cursor: cursor)
                #expect(next.code == 0, "\(next.raw)")
                walked += Self.numbers(next)
                guard let more = next.data?["next_cursor"] as? String else { break }
                cursor = more
            }
            #expect(walked.count == 24 && Set(walked).count == 24)
            #expect(walked == Self.numbers(first) + offsetPages.flatMap(Self.numbers))
            let now = try await Self.page(server, credential, size: 100)
            #expect(now.data?["total"] as? Int == 29 && now.data?["next_cursor"] == nil)
            #expect(Array(Self.numbers(now).suffix(24)) == walked)
        }
    }

    /// Any page is answered: one past the rows is empty with the right total, one too deep to
    /// count is too; a cursor not made by the server is 1004 `cursor`.
    @Test(arguments: StoreKind.available)
    func anyPageIsAnsweredAndForeignCursorsAre1004(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let (credential, cardholderNo) = try await TransferTests.setUp(server)
            try await Self.transfers(server, credential, cardholderNo, from: 0, count: 3)
            for page in [1_001, 5_000_000, Int.max] {
                let reply = try await Self.page(server, credential, page: page, size: 100)
                #expect(reply.code == 0 && Self.numbers(reply).isEmpty, "page \(page): \(reply.raw)")
                #expect(reply.data?["total"] as? Int == 4 && reply.data?["next_cursor"] == nil)
            }
            for cursor in ["zz", "1.1.T1", ListCursorText.hex("2.1.T1")] {
                let reply = try await Self.page(server, credential, size: 10, cursor: cursor)
                #expect(reply.code == 1004 && reply.msg == "cursor: Invalid request parameter", "\(cursor)")
            }
            let chinese = try await Self.page(server, credential, size: 10, cursor: "zz", language: "zh_CN")
            #expect(chinese.code == 1004 && chinese.msg == "cursor: 请求参数无效", "\(chinese.raw)")
        }
    }

    /// The catalog lists page by cursor too (their columns are qualified by a join's aliases): the
    /// demo catalog's two packages, one per page.
    @Test(arguments: StoreKind.available)
    func catalogListsPageByCursor(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let onboarded = try await server.onboard(mode: .creditExtension)
            try await server.assignDemoCatalog(to: onboarded.merchant)
            let path = "/open-api/v1/card/package/list"
            let first = try await server.callAuthenticated(
                .post,
                path,
                credential: onboarded.credential,
                body: #"{"size": 1}"#
            )
            let firstRows = try #require(first.data?["list"] as? [[String: Any]])
            #expect(first.data?["total"] as? Int == 2 && firstRows.count == 1, "\(first.raw)")
            let cursor = try #require(first.data?["next_cursor"] as? String)
            let second = try await server.callAuthenticated(
                .post,
                path,
                credential: onboarded.credential,
                body: #"{"size": 1, "cursor": "\#(cursor)"}"#
            )
            let secondRows = try #require(second.data?["list"] as? [[String: Any]])
            #expect(second.data?["total"] as? Int == 2 && secondRows.count == 1 && second.data?["next_cursor"] == nil)
            let numbers = (firstRows + secondRows).compactMap { $0["package_no"] as? String }
            #expect(Set(numbers).count == 2, "\(numbers)")
        }
    }

    /// Totals stay exact once closed hours are counted: rows over five hours, counted by the
    /// housekeeping job, plus a row after it; ranges that start and end inside hours, that cover
    /// only counted hours, and that reach the uncounted present.
    @Test(arguments: StoreKind.available)
    func totalsAddCountedHoursToLiveCounts(_ kind: StoreKind) async throws {
        let hour = ListCountRecords.hourMs
        // 2026-11-30 09:30 UTC: five hours on one day, room for the grace period after them.
        let clock = TestClock(nowMs: 1_796_031_000_000)
        try await TestDatabase.with(kind) { database in
            try await TestServer.with(database: database, keyRing: .generate(), clock: clock) { server in
                let (credential, cardholderNo) = try await TransferTests.setUp(server)
                for step in 0..<5 {
                    try await Self.transfers(server, credential, cardholderNo, from: step * 10, count: step + 1)
                    clock.advance(byMs: hour)
                }
                clock.advance(byMs: ListCountRollup.graceMs)
                let rollup = ListCountRollup(store: server.store, clock: clock)
                #expect(try await rollup.rollUp() > 0)
                let counted = try await server.store.withReader {
                    try await ListCountRecords($0).countedUntil(.transfers)
                }
                #expect(counted == 1_796_047_200_000, "counted through 14:00 UTC")
                try await Self.transfers(server, credential, cardholderNo, from: 100, count: 2)
                // 09:30 holds 2 (the setup's funding and one), 10:30 2, 11:30 3, 12:30 4, 13:30 5; 14:40 2, uncounted.
                let cases: [(String, String, Int)] = [
                    ("2026-11-30", "2026-11-30", 2 + 2 + 3 + 4 + 5 + 2),
                    ("2026-11-30 10:00:00", "2026-11-30 13:59:59", 2 + 3 + 4 + 5),
                    ("2026-11-30 10:45:00", "2026-11-30 12:15:00", 3),
                    ("2026-11-30 11:00:00", "2026-11-30 23:59:59", 3 + 4 + 5 + 2),
                    ("2026-11-30 14:00:00", "2026-11-30 15:59:59", 2),
                ]
                for (start, end, expected) in cases {
                    let reply = try await Self.page(server, credential, size: 100, range: (start, end))
                    let rows = Self.numbers(reply).count
                    #expect(reply.data?["total"] as? Int == expected && rows == expected, "\(start)…\(end): \(rows)")
                }
            }
        }
    }
}

/// Builds cursor texts the way the server's are built, for refusal cases.
enum ListCursorText {
    static func hex(_ plain: String) -> String {
        plain.utf8.map { String(format: "%02x", $0) }.joined()
    }
}

extension Array {
    func asyncMap<Other>(_ transform: (Element) async throws -> Other) async rethrows -> [Other] {
        var result: [Other] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
