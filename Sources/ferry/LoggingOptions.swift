import ArgumentParser
import Logging

/// `-v`/`-vv`, shared by every command that logs: quiet by default apart from warnings.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .short, help: "More output on stderr: -v for progress (info), -vv for debug detail.")
    var verbose: Int

    var level: Logger.Level {
        switch verbose {
        case 0: .warning
        case 1: .info
        default: .debug
        }
    }

    /// Sends every logger to stderr at the chosen level; call once, before any logging.
    func bootstrap() {
        let level = self.level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
