/// The source of "now" for everything that decides by time. Core never reads the system clock itself.
public protocol WallClock: Sendable {
    /// The current time in Unix milliseconds.
    func nowMs() -> Int64
}
