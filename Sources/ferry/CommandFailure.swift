/// A failure the command reports as one line on stderr before exiting with `exitCode`.
struct CommandFailure: Error {
    /// Exit code for configuration, usage and authentication errors (the CLI contract's 2).
    static let configurationExitCode: Int32 = 2
    /// Exit code when the run went through but some unit (day, file) failed.
    static let someUnitFailedExitCode: Int32 = 1

    let message: String
    let exitCode: Int32

    /// A configuration or input error: exit code 2.
    static func configuration(_ message: String) -> CommandFailure {
        CommandFailure(message: message, exitCode: configurationExitCode)
    }
}
