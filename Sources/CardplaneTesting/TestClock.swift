public import CardplaneCore
import Foundation
import NIOConcurrencyHelpers

/// A clock tests move by hand. Starts at the real current time, so timestamps a test computes
/// from it also look fresh to anything that reads the system clock.
public final class TestClock: WallClock {
    private let current: NIOLockedValueBox<Int64>

    public init(nowMs: Int64? = nil) {
        current = NIOLockedValueBox(nowMs ?? Int64(Date().timeIntervalSince1970 * 1_000))
    }

    public func nowMs() -> Int64 { current.withLockedValue { $0 } }

    /// Moves the clock forward by `milliseconds`.
    public func advance(byMs milliseconds: Int64) {
        current.withLockedValue { $0 += milliseconds }
    }
}
