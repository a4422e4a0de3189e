/// How many of a card's free allowances were already used in their current period; the caller counts.
///
/// The period is the card's life for ``ExemptionType/forever`` and the window that
/// ``FeeCalculator/allowanceWindowStart(type:days:cardCreatedOn:today:)`` returns for ``ExemptionType/day``.
/// Count every earlier event of the period, charged or free: the spend at hand is free while the count is
/// below the free count.
public struct FreeAllowanceUsage: Sendable, Equatable {
    /// Earlier small purchases (amount below `small_consume_threshold`) in the small-fee period.
    public var smallUsed: Int
    /// Earlier declines that incur a decline fee (``DeclineReason/incursDeclineFee``) in the decline-fee period.
    public var declineUsed: Int

    public init(smallUsed: Int = 0, declineUsed: Int = 0) {
        self.smallUsed = smallUsed
        self.declineUsed = declineUsed
    }
}
