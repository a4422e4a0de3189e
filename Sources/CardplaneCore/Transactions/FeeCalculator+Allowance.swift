/// Free allowances of small-purchase and decline fees (spec §8.7: `Forever`, `None`, `Day`).
extension FeeCalculator {
    /// The first day of the current free-allowance window, from which the caller counts usage.
    ///
    /// - `Day`: windows of `days` days follow each other from the day the card was created
    ///   (`cardCreatedOn`, window 0), so the result is the latest window start on or before `today`.
    ///   `days` below 1 counts as 1 (every day its own window); a `today` before the card's creation
    ///   (clock skew) gives the creation day.
    /// - `Forever`: `nil`, the allowance spans the card's life (count from its creation).
    /// - `None`: `nil`, there is no allowance (nothing to count).
    public static func allowanceWindowStart(
        type: ExemptionType,
        days: Int,
        cardCreatedOn: CivilDate,
        today: CivilDate
    ) -> CivilDate? {
        guard type == .day else { return nil }
        let windowDays = Int64(max(1, days))
        let elapsed = max(0, today.unixDays - cardCreatedOn.unixDays)
        return CivilDate(unixDays: cardCreatedOn.unixDays + elapsed / windowDays * windowDays)
    }

    /// Whether the next event is free: `None` never; `Forever` and `Day` while `used` < `freeCount`.
    static func isFree(used: Int, freeCount: Int, type: ExemptionType) -> Bool {
        switch type {
        case .none: return false
        case .forever, .day: return used < freeCount
        }
    }
}
