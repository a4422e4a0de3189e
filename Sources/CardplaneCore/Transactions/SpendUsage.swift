/// Spend already counted against a card's limits, in USD minor units at scale 2.
///
/// The caller sums `Pending` and `Success` purchases and ATM withdrawals, minus what was reversed or
/// refunded, over each window. A negative total (a refund larger than the window's spend) counts as 0:
/// a refund never buys room above a limit.
public struct SpendUsage: Sendable, Equatable {
    /// Purchases and ATM withdrawals in the last 7 days (rolling, as the caller computes it).
    public var weekMinor: Int64
    /// ATM withdrawals today.
    public var atmDayMinor: Int64
    /// ATM withdrawals this calendar month.
    public var atmMonthMinor: Int64

    public init(weekMinor: Int64 = 0, atmDayMinor: Int64 = 0, atmMonthMinor: Int64 = 0) {
        self.weekMinor = weekMinor
        self.atmDayMinor = atmDayMinor
        self.atmMonthMinor = atmMonthMinor
    }
}
