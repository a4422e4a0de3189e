/// The fees of a card's money events under its package's ``FeeSchedule`` (spec §4.6.1, issue #6).
///
/// Every method returns itemised fees, only items above zero, in a stable order; a fee that computes to
/// `0.00` is left out (spec §7.2: "only items with amount > 0"). Percentages use ``Amount/percent(_:)``:
/// exact, half up, at the scale of the amount they are taken of (the card currency's, 2). Fixed fees are
/// the schedule's amounts (scale 2).
public struct FeeCalculator: Sendable {
    public let schedule: FeeSchedule
    /// The card's billing currency; a spend in any other local currency pays `Exchange_fee`.
    public let cardCurrency: String

    public init(schedule: FeeSchedule, cardCurrency: String = "USD") {
        self.schedule = schedule
        self.cardCurrency = cardCurrency
    }

    /// The fees of an approved purchase or ATM withdrawal, on `request.amount` (card currency).
    ///
    /// - Purchase, in this order: `Consume_fee` = amount × `consume_rate`; `Exchange_fee` = amount ×
    ///   `cross_consume_rate` when `localCurrency` ≠ the card currency (our reading of "cross-border": a
    ///   foreign currency, which the network tells us, rather than the merchant's country);
    ///   `Small_fee` = `small_consume_deduct` when amount < `small_consume_threshold` (strictly) and the free
    ///   allowance is used up; `Apple_auth_fee` = `apple_pay_fee` when the card was presented via Apple Pay.
    /// - ATM, in this order: `Atm_fee` = the larger of amount × `atm_rate` and `atm_min_fee`; `Exchange_fee`
    ///   as above. No `Consume_fee`, `Small_fee` or `Apple_auth_fee`: cash is not a purchase.
    ///
    /// Small-fee allowance (`free_small_excuse_type`): `None` → no free small purchases; `Forever` →
    /// `free_small_consume_count` free over the card's life; `Day` → that many per `free_small_excuse_days`
    /// window. `allowance.smallUsed` counts the earlier small purchases of that period.
    ///
    /// - Precondition: `request.amount` has scale 2, as ``AuthorizationRules`` checks before any fee.
    public func approvalFees(for request: AuthorizationRequest, allowance: FreeAllowanceUsage) -> [FeeItem] {
        let amount = request.amount
        precondition(amount.scale == AuthorizationRules.amountScale, "fees are taken of card-currency amounts")
        let exchange = exchangeFee(for: request)
        switch request.kind {
        case .purchase:
            let isSmall = isSmallPurchase(request)
            let smallIsFree = Self.isFree(
                used: allowance.smallUsed,
                freeCount: schedule.freeSmallConsumeCount,
                type: schedule.freeSmallExcuseType
            )
            return [
                Self.item(.consumeFee, amount.percent(schedule.consumeRate)),
                exchange,
                isSmall && !smallIsFree ? Self.item(.smallFee, schedule.smallConsumeDeduct) : nil,
                request.isApplePay ? Self.item(.applePayAuthFee, schedule.applePayFee) : nil,
            ].compactMap { $0 }
        case .atm:
            let atmFee = max(amount.percent(schedule.atmRate), schedule.atmMinFee)
            return [Self.item(.atmFee, atmFee), exchange].compactMap { $0 }
        }
    }

    /// Whether `request` is a small purchase (below `small_consume_threshold`): the only spend whose
    /// approval fees depend on the free allowance.
    public func isSmallPurchase(_ request: AuthorizationRequest) -> Bool {
        request.kind == .purchase && request.amount < schedule.smallConsumeThreshold
    }

    /// `Exchange_fee` on a spend in a currency other than the card's, or `nil`.
    private func exchangeFee(for request: AuthorizationRequest) -> FeeItem? {
        guard request.localCurrency != cardCurrency else { return nil }
        return Self.item(.exchangeFee, request.amount.percent(schedule.crossConsumeRate))
    }

    /// `Decline_fee` = `decline_fee` for a declined spend, or nothing.
    ///
    /// Only reasons that ``DeclineReason/incursDeclineFee`` (insufficient funds and the limits) are charged;
    /// our decision: a decline the cardholder did not cause by spending (card status, expiry, currency, bad
    /// request, the merchant's refusal or timeout) is free. The allowance (`decline_fee_free_type`,
    /// `decline_fee_free_count`, `decline_fee_free_days`) works like the small-fee one, counted by
    /// `allowance.declineUsed`.
    public func declineFees(reason: DeclineReason, allowance: FreeAllowanceUsage) -> [FeeItem] {
        guard reason.incursDeclineFee else { return [] }
        let isFree = Self.isFree(
            used: allowance.declineUsed,
            freeCount: schedule.declineFeeFreeCount,
            type: schedule.declineFeeFreeType
        )
        guard !isFree else { return [] }
        return [Self.item(.declineFee, schedule.declineFee)].compactMap { $0 }
    }

    /// `Refund_fee` = `refundAmount` × `refund_rate`, at the refund's scale; nothing for a zero fee.
    public func refundFees(refundAmount: Amount) -> [FeeItem] {
        [Self.item(.refundFee, refundAmount.percent(schedule.refundRate))].compactMap { $0 }
    }

    /// `Cancel_fee` = `consume_cancle_fee` when a consumption is reversed (cancelled) for less than
    /// `consume_cancel_threshold` (strictly); nothing otherwise, and nothing when nothing was reversed.
    ///
    /// Our reading: the fee discourages small authorise-then-cancel patterns (card testing), so only
    /// reversals below the threshold pay it; a threshold of `0.00` switches it off.
    public func cancelFees(reversedAmount: Amount) -> [FeeItem] {
        guard reversedAmount.minorUnits > 0, reversedAmount < schedule.consumeCancelThreshold else { return [] }
        return [Self.item(.cancelFee, schedule.consumeCancelFee)].compactMap { $0 }
    }

    /// The management fee due for a period (`manage_fee_type`, monthly or yearly), itemised as
    /// ``FeeType/manageFee``; empty when none is due. See ``managementFeeDue(balance:)``.
    public func managementFee(balance: Amount) -> [FeeItem] {
        guard let fee = managementFeeDue(balance: balance) else { return [] }
        return [FeeItem(type: .manageFee, amount: fee)]
    }

    /// The management fee due for a period, or `nil`: the amount of a `Manage_fee` consumption.
    ///
    /// `manage_fee` when `manage_fee_type` ≠ `None` and `manage_fee` > 0, unless waived:
    /// `management_fee_free_type` `Forever` → always waived; `Day` or `None` → waived when `balance` ≥
    /// `free_management_fee_threshold` and that threshold is above zero. Our decision: the threshold is the
    /// waiver, whatever the type, and a threshold of `0.00` means "no balance waives it" (otherwise every
    /// card would be exempt).
    ///
    /// - Precondition: `balance` has the threshold's scale (2).
    public func managementFeeDue(balance: Amount) -> Amount? {
        guard schedule.manageFeeType != .none, schedule.manageFee.minorUnits > 0 else { return nil }
        switch schedule.managementFeeFreeType {
        case .forever:
            return nil
        case .day, .none:
            let threshold = schedule.freeManagementFeeThreshold
            guard threshold.minorUnits <= 0 || balance < threshold else { return nil }
            return schedule.manageFee
        }
    }

    /// A fee item, or `nil` when the fee is zero (or negative, which no schedule should produce).
    static func item(_ type: FeeType, _ amount: Amount) -> FeeItem? {
        amount.minorUnits > 0 ? FeeItem(type: type, amount: amount) : nil
    }
}
