import CardplaneCore
import Hummingbird

/// The time range and page of a list endpoint with `start_time`/`end_time` (spec §4.0, §13).
///
/// Checks in order: `Timezone` (1004), `start_time`, `end_time` (1004), 1019, 1020, `page`, `size`,
/// `cursor` (1004).
struct ListWindow {
    let range: TimeRange
    let page: PageRequest

    init(request: Request, body: some WindowedListRequest) throws {
        let zone = try ListTimeZone(header: request.headers[.timezone], zoneNamed: IANAZone.named)
        range = try TimeRange(startTime: body.startTime, endTime: body.endTime, zone: zone)
        page = try PageRequest(page: body.page, size: body.size, cursor: body.cursor)
    }
}

/// The body of a list endpoint with a time range (spec §4.0): `start_time`, `end_time`, `page`, `size`,
/// and the extension `cursor` (spec §13).
protocol WindowedListRequest {
    var startTime: String? { get }
    var endTime: String? { get }
    var page: Int? { get }
    var size: Int? { get }
    var cursor: String? { get }
}
