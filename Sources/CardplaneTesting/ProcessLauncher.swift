public import Foundation

/// Starts child processes one at a time: Foundation's `Process.run()` is not safe to call from
/// several threads at once (it crashed in a full parallel test run).
public enum ProcessLauncher {
    private static let launches = NSLock()

    /// Starts `process`, one launch at a time across every test.
    public static func launch(_ process: Process) throws {
        launches.lock()
        defer { launches.unlock() }
        try process.run()
    }
}
