import CardplaneCore
import Hummingbird

/// The time range and page of a list endpoint with `start_time`/`end_time` (spec §4.0, §13).
///
/// Checks in order: `Timezone` (1004), `start_time`, `end_time` (1004), 1019, 1020, `page`, `size` (1004).
struct ListWindow {
    let range: TimeRange
    let page: PageRequest

    init(request: Request, startTime: String?, endTime: String?, page: Int?, size: Int?) throws {
        let zone = try TimeZoneOffset(header: request.headers[.timezone])
        range = try TimeRange(startTime: startTime, endTime: endTime, zone: zone)
        self.page = try PageRequest(page: page, size: size)
    }
}
