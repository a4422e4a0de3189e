import CardplaneApp
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import CardplaneTelemetry
import Hummingbird

/// The overview: the last 24 hours at a glance, drawn as SVG on the server.
extension ConsoleController {
    static let dayMs: Int64 = 86_400_000

    func overview(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await viewing(request) { signedIn in
            let nowMs = services.clock.nowMs()
            let sinceMs = (nowMs - Self.dayMs) / 60_000 * 60_000
            let (minutes, declines, lags, backlog) = try await services.store.withReader { database in
                let records = ConsoleReadRecords(database)
                return (
                    try await records.authorizationsPerMinute(sinceMs: sinceMs),
                    try await records.declineReasons(sinceMs: sinceMs),
                    try await records.callbackLagPerHour(sinceMs: sinceMs / 3_600_000 * 3_600_000),
                    try await BacklogRecords(database).backlog(nowMs: nowMs)
                )
            }
            var context = Self.activity(minutes, sinceMs: sinceMs, nowMs: nowMs)
            context["declinesChart"] = ConsoleChart.bars(
                declines.map { (label: $0.reason, value: Double($0.count), text: String($0.count)) },
                title: "Decline reasons"
            )
            context["lagChart"] = Self.lagChart(lags, sinceMs: sinceMs, nowMs: nowMs)
            context["reservesChart"] = try await reservesChart(sinceMs: sinceMs, nowMs: nowMs)
            context["callbacksPending"] = backlog.callbacksPending
            context["callbacksDead"] = backlog.callbacksDead
            return page("overview", title: "Overview", signedIn: signedIn, context)
        }
    }

    /// Authorizations per minute and the approval rate per hour, with their totals.
    static func activity(_ minutes: [ConsoleReadRecords.MinuteActivity], sinceMs: Int64, nowMs: Int64) -> [String: Any]
    {
        let slots = Int((nowMs - sinceMs) / 60_000) + 1
        var perMinute = [Double](repeating: 0, count: slots)
        var hours = [(approved: Int, declined: Int)](repeating: (0, 0), count: slots / 60 + 1)
        for minute in minutes {
            let index = Int((minute.minuteMs - sinceMs) / 60_000)
            guard perMinute.indices.contains(index) else { continue }
            perMinute[index] = Double(minute.approved + minute.declined)
            hours[index / 60].approved += minute.approved
            hours[index / 60].declined += minute.declined
        }
        let approved = minutes.reduce(0) { $0 + $1.approved }
        let total = approved + minutes.reduce(0) { $0 + $1.declined }
        let rates = hours.map { hour -> Double? in
            let all = hour.approved + hour.declined
            return all == 0 ? nil : 100 * Double(hour.approved) / Double(all)
        }
        let (first, last) = (ConsoleFormat.clock(sinceMs), ConsoleFormat.clock(nowMs))
        return [
            "authorizations": total,
            "approvalRate": total == 0 ? "—" : "\(ConsoleChart.number(100 * Double(approved) / Double(total))) %",
            "authorizationsChart": ConsoleChart.columns(
                perMinute,
                firstLabel: first,
                lastLabel: last,
                title: "Authorizations per minute"
            ),
            "approvalChart": ConsoleChart.line(
                rates,
                top: 100,
                unit: " %",
                firstLabel: first,
                lastLabel: last,
                title: "Approval rate per hour"
            ),
        ]
    }

    static func lagChart(_ lags: [ConsoleReadRecords.HourLag], sinceMs: Int64, nowMs: Int64) -> String {
        let firstHourMs = sinceMs / 3_600_000 * 3_600_000
        var values = [Double?](repeating: nil, count: Int((nowMs - firstHourMs) / 3_600_000) + 1)
        for lag in lags {
            let index = Int((lag.hourMs - firstHourMs) / 3_600_000)
            if values.indices.contains(index) { values[index] = Double(lag.averageLagMs) }
        }
        return ConsoleChart.line(
            values,
            top: max(values.compactMap { $0 }.max() ?? 0, 1),
            unit: " ms",
            firstLabel: ConsoleFormat.clock(firstHourMs),
            lastLabel: ConsoleFormat.clock(nowMs),
            title: "Callback lag per hour"
        )
    }

    /// The largest credit-extension reserves hour by hour over the last 24 h: each balance now,
    /// walked back through its postings (available balance now; holds are not replayed).
    func reservesChart(sinceMs: Int64, nowMs: Int64) async throws -> String {
        var reserves: [(merchant: Merchant, account: LedgerAccount)] = []
        for merchant in try await services.administration.merchants() where merchant.mode == .creditExtension {
            reserves.append((merchant, try await services.treasury.reserve(merchantNo: merchant.merchantNo)))
        }
        let largest = reserves.sorted { $0.account.balanceMinor > $1.account.balanceMinor }.prefix(5)
        let firstHourMs = sinceMs / 3_600_000 * 3_600_000
        let movements = try await services.store.withReader { database in
            try await ConsoleReadRecords(database).hourlyMovements(
                accountIDs: largest.map(\.account.accountID),
                sinceMs: firstHourMs
            )
        }
        let hours = Int((nowMs - firstHourMs) / 3_600_000) + 1
        let series = largest.map { reserve -> (label: String, values: [Double]) in
            let moved = movements[reserve.account.accountID] ?? [:]
            var balance = reserve.account.availableMinor
            var values = [Double](repeating: 0, count: hours)
            for hour in stride(from: hours - 1, through: 0, by: -1) {
                values[hour] = Double(Amount(minorUnits: balance, scale: Currency.tusdt.scale).description) ?? 0
                balance -= moved[firstHourMs + Int64(hour) * 3_600_000] ?? 0
            }
            let now = Self.money(reserve.account.availableMinor, currency: reserve.account.currency)
            return (label: "\(reserve.merchant.name): \(now)", values: values)
        }
        return ConsoleChart.lines(
            series,
            unit: "",
            firstLabel: ConsoleFormat.clock(firstHourMs),
            lastLabel: ConsoleFormat.clock(nowMs),
            title: "Reserve balances over 24 h"
        )
    }
}
