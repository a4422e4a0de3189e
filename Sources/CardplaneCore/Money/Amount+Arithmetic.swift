/// Exact arithmetic on amounts: sums, differences and percentages, all in integer minor units.
extension Amount {
    /// The sum of two amounts of the same scale.
    ///
    /// - Precondition: equal scales, and the sum fits in `Int64` minor units (a trap, like `Int64`'s own `+`).
    public static func + (lhs: Amount, rhs: Amount) -> Amount {
        precondition(lhs.scale == rhs.scale, "adding amounts of different scales")
        let (sum, overflow) = lhs.minorUnits.addingReportingOverflow(rhs.minorUnits)
        precondition(!overflow, "amount overflow")
        return Amount(minorUnits: sum, scale: lhs.scale)
    }

    /// The difference of two amounts of the same scale.
    ///
    /// - Precondition: equal scales, and the difference fits in `Int64` minor units.
    public static func - (lhs: Amount, rhs: Amount) -> Amount {
        precondition(lhs.scale == rhs.scale, "subtracting amounts of different scales")
        let (difference, overflow) = lhs.minorUnits.subtractingReportingOverflow(rhs.minorUnits)
        precondition(!overflow, "amount overflow")
        return Amount(minorUnits: difference, scale: lhs.scale)
    }

    /// `rate` percent of this amount (`self × rate / 100`), at this amount's scale.
    ///
    /// Exact: the product is taken at 128 bits, then rounded **half up**, away from zero
    /// (`1.5 %` of `0.33` is `0.00495` → `0.00`; `0.005` → `0.01`; `-0.005` → `-0.01`).
    /// It never overflows: a ``Rate`` is 0…100 %, so the result is never larger than `self`.
    public func percent(_ rate: Rate) -> Amount {
        // A rate is a percentage at scale 4, so the divisor is 100 × 10⁴.
        let divisor = 100 * Self.powerOfTen(Rate.scale)
        guard let minor = Self.multiply(minorUnits, by: rate.percent.minorUnits, dividingBy: divisor) else {
            preconditionFailure("a percentage of at most 100 % cannot overflow")
        }
        return Amount(minorUnits: minor, scale: scale)
    }

    /// `value × factor / divisor`, exact, rounded half away from zero; `nil` when it does not fit in `Int64`.
    ///
    /// - Precondition: `divisor > 0`.
    static func multiply(_ value: Int64, by factor: Int64, dividingBy divisor: Int64) -> Int64? {
        precondition(divisor > 0, "divisor must be positive")
        let product = value.magnitude.multipliedFullWidth(by: factor.magnitude)
        let divisorMagnitude = divisor.magnitude
        // A quotient of 2⁶⁴ or more cannot be divided at full width, and would not fit anyway.
        guard product.high < divisorMagnitude else { return nil }
        var (quotient, remainder) = divisorMagnitude.dividingFullWidth(product)
        // 2 × remainder ≥ divisor, written so that it cannot overflow: half or more rounds away from zero.
        if remainder >= divisorMagnitude - remainder {
            let (bumped, overflow) = quotient.addingReportingOverflow(1)
            guard !overflow else { return nil }
            quotient = bumped
        }
        if (value < 0) != (factor < 0) {
            guard quotient <= Int64.min.magnitude else { return nil }
            return Int64(bitPattern: 0 &- quotient)
        }
        guard quotient <= Int64.max.magnitude else { return nil }
        return Int64(quotient)
    }
}
