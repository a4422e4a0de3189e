import CardplaneCore
import CardplaneHTTP
import CardplaneIssuer
import CardplaneTesting
import CardplaneVault
import HTTPTypes
import Testing

/// `cardholder/list`: time ranges in the caller's zone, filters, paging, and the range codes.
@Suite struct CardholderListTests {
    /// 2026-01-01T23:30:00Z: late evening in UTC, already 2 January in UTC+8, still 1 January in UTC-5.
    static let lateEveningUTC: Int64 = 1_767_225_600_000 + 23 * 3_600_000 + 30 * 60_000

    @Test(arguments: StoreKind.available)
    func rowsLandOnTheLocalDayOfTheTimezoneHeader(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let clock = TestClock(nowMs: Self.lateEveningUTC)
            try await TestServer.with(database: database, keyRing: .generate(), clock: clock) { server in
                let credential = try await server.onboard().credential
                let number = try await server.newCardholder(credential, uniqueNo: "LATE", token: "sim_approved_l")
                func count(_ day: String, _ zone: String?) async throws -> Int {
                    let body = #"{"start_time":"\#(day)","end_time":"\#(day)"}"#
                    let reply = try await server.listCardholders(credential, body: body, timezone: zone)
                    #expect(reply.code == 0, "\(reply.raw)")
                    return (reply.data?["list"] as? [[String: Any]])?.count ?? -1
                }
                #expect(try await count("2026-01-02", "UTC+8") == 1)
                #expect(try await count("2026-01-02", nil) == 1, "UTC+8 is the default zone")
                #expect(try await count("2026-01-01", "UTC+8") == 0)
                #expect(try await count("2026-01-01", "UTC-5") == 1)
                #expect(try await count("2026-01-02", "UTC-5") == 0)
                #expect(try await count("2026-01-01", "UTC") == 1)
                // Any zone a merchant sends: GMT and bare offsets, IANA names (23:30 UTC on New
                // Year's Day is 07:30 on the 2nd in Shanghai, 18:30 on the 1st in New York).
                #expect(try await count("2026-01-02", "GMT+8") == 1)
                #expect(try await count("2026-01-01", "-05:00") == 1)
                #expect(try await count("2026-01-02", "Asia/Shanghai") == 1)
                #expect(try await count("2026-01-01", "America/New_York") == 1)
                #expect(try await count("2026-01-02", "America/New_York") == 0)
                let row = try await server.listCardholders(
                    credential,
                    body: #"{"start_time":"2026-01-01","end_time":"2026-01-01"}"#,
                    timezone: "UTC"
                )
                let first = try #require((row.data?["list"] as? [[String: Any]])?.first)
                #expect(first["cardholder_no"] as? String == number)
                #expect(first["status"] as? String == "Pending")
                #expect(first["time"] as? Int64 == Self.lateEveningUTC)
                #expect(first["fail_reason"] as? String == "")
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func pagesFiltersAndTotals(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            var numbers: [String] = []
            for index in 0..<5 {
                numbers.append(
                    try await server.newCardholder(credential, uniqueNo: "U\(index)", token: "sim_approved_\(index)")
                )
                server.clock.advance(byMs: 1_000)
            }
            let other = try await server.onboard().credential
            _ = try await server.newCardholder(other, uniqueNo: "U0", token: "sim_approved_other")
            let today = CivilDate(unixDays: (server.clock.nowMs() + 8 * 3_600_000) / 86_400_000)
            let day =
                "\(CivilDate.zeroPadded(today.year, width: 4))-\(CivilDate.zeroPadded(today.month, width: 2))-\(CivilDate.zeroPadded(today.day, width: 2))"
            let range = #""start_time":"\#(day)","end_time":"\#(day)""#
            let page = try await server.listCardholders(credential, body: "{\(range),\"page\":1,\"size\":2}")
            let rows = try #require(page.data?["list"] as? [[String: Any]])
            #expect(rows.map { $0["cardholder_no"] as? String } == [numbers[2], numbers[1]], "newest first")
            #expect(page.data?["total"] as? Int == 5, "another merchant's cardholders are not counted")
            let byUniqueNo = try await server.listCardholders(
                credential,
                body: "{\(range),\"cardholder_unique_no\":\"U3\"}"
            )
            #expect((byUniqueNo.data?["list"] as? [[String: Any]])?.first?["cardholder_no"] as? String == numbers[3])
            let byNumber = try await server.listCardholders(
                credential,
                body: "{\(range),\"cardholder_no\":\"\(numbers[4])\"}"
            )
            #expect(byNumber.data?["total"] as? Int == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func rangeErrorsAre1019And1020(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            let backwards = try await server.listCardholders(
                credential,
                body: #"{"start_time":"2026-03-02","end_time":"2026-03-01"}"#
            )
            #expect(backwards.code == 1019 && backwards.msg == "Query end time must be after start time")
            let long = try await server.listCardholders(
                credential,
                body: #"{"start_time":"2026-01-01","end_time":"2026-04-01"}"#
            )
            #expect(long.code == 1020 && long.msg == "Query time range exceeds the allowed limit")
            let token = try await server.accessToken(for: credential)
            let zh = try await server.call(
                .post,
                TestServer.listPath,
                headers: server.headers(apiKey: credential.apiKey.reveal(), accessToken: token, language: "zh_CN"),
                body: #"{"start_time":"2026-01-01","end_time":"2026-04-01"}"#
            )
            #expect(zh.code == 1020 && zh.msg == "查询时间范围超出允许的上限")
        }
    }

    @Test(arguments: StoreKind.available)
    func malformedListQueriesAre1004(_ kind: StoreKind) async throws {
        try await TestServer.with(kind) { server in
            let credential = try await server.onboard().credential
            let cases: [(String, String?, String)] = [
                (#"{"end_time":"2026-01-01"}"#, nil, "start_time"),
                (#"{"start_time":"2026-01-01"}"#, nil, "end_time"),
                (#"{"start_time":"01/01/2026","end_time":"2026-01-01"}"#, nil, "start_time"),
                (#"{"start_time":"2026-01-01","end_time":"2026-01-01","size":101}"#, nil, "size"),
                (#"{"start_time":"2026-01-01","end_time":"2026-01-01"}"#, "Asia/Atlantis", "Timezone"),
            ]
            for (body, zone, field) in cases {
                let reply = try await server.listCardholders(credential, body: body, timezone: zone)
                #expect(reply.code == 1004 && reply.msg == "\(field): Invalid request parameter", "\(body)")
            }
        }
    }
}
