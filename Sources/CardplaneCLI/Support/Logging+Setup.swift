public import ArgumentParser
import Foundation
import Logging

enum LoggingSetup {
    static let levelVariable = "CARDPLANE_LOG_LEVEL"

    /// Routes every log to standard error as one JSON object per line, at `level` or
    /// `$CARDPLANE_LOG_LEVEL` (default `info`), with the fields `metadataProvider` adds to every line
    /// (the trace id of the request, when tracing is on).
    static func bootstrap(level: Logger.Level?, metadataProvider: Logger.MetadataProvider? = nil) -> Logger {
        let variable = ProcessInfo.processInfo.environment[levelVariable]
        let resolved = level ?? variable.flatMap(Logger.Level.init(rawValue:)) ?? .info
        if level == nil, let variable, Logger.Level(rawValue: variable) == nil {
            Output.error("warning: $\(levelVariable)=\(variable) is not a log level; using info")
        }
        // Lines still queued when the process exits are written first.
        atexit { LogSink.standardError.flush() }
        LoggingSystem.bootstrap(
            { label, provider in
                var handler = JSONLineLogHandler(label: label)
                handler.logLevel = resolved
                handler.metadataProvider = provider
                return handler
            },
            metadataProvider: metadataProvider
        )
        return Logger(label: "cardplane")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
