import FerryTestSupport
import Foundation

/// The external tools the tests compare against, run off the cooperative pool (ProcessOutput).
enum Commands {
    /// Runs `executable` and returns its stdout; throws unless it exits 0.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> String {
        let output = try await ProcessOutput.run(executable, arguments, environment: environment)
        guard output.status == 0 else {
            throw ProcessFailure(command: ([executable] + arguments).joined(separator: " "), output: output)
        }
        return output.stdoutText
    }

    /// `sha256sum` of one file: its lowercase hex digest.
    static func sha256sum(_ path: String) async throws -> String {
        String(try await run("/usr/bin/sha256sum", [path]).prefix(64))
    }

    /// GNU tar with a fixed locale and time zone, so listings do not depend on the machine's.
    @discardableResult
    static func tar(_ arguments: [String]) async throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C.UTF-8"
        environment["TZ"] = "UTC"
        return try await run("/usr/bin/tar", arguments, environment: environment)
    }
}
