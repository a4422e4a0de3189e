public import ArgumentParser
import Foundation
import Logging

enum LoggingSetup {
    static let levelVariable = "CARDPLANE_LOG_LEVEL"

    /// Routes every log to standard error as one JSON object per line, at `level` or
    /// `$CARDPLANE_LOG_LEVEL` (default `info`).
    static func bootstrap(level: Logger.Level?) -> Logger {
        let resolved =
            level
            ?? ProcessInfo.processInfo.environment[levelVariable].flatMap(Logger.Level.init(rawValue:))
            ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JSONLineLogHandler(label: label)
            handler.logLevel = resolved
            return handler
        }
        return Logger(label: "cardplane")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
