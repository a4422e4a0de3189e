public import CardplaneCore
import Foundation

/// The real wall clock, for everything outside tests.
public struct SystemClock: WallClock {
    public init() {}

    public func nowMs() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down))
    }
}
