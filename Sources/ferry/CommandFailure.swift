import FerryErrors

/// A failure the command reports as one line on stderr before exiting with `exitCode`.
struct CommandFailure: Error {
    /// Exit code for configuration, usage and authentication errors (the CLI contract's 2).
    static let configurationExitCode = CommandExitStatus.configuration.rawValue
    /// Exit code when the run went through but some unit (day, file) failed.
    static let someUnitFailedExitCode = CommandExitStatus.unitFailed.rawValue

    let message: String
    let exitCode: Int32

    /// A configuration or input error: exit code 2.
    static func configuration(_ message: String) -> CommandFailure {
        CommandFailure(message: message, exitCode: configurationExitCode)
    }

    /// The failure that stopped a run early, with its code's exit status; the ledger holds the detail.
    static func stopped(by failure: FerryError) -> CommandFailure {
        CommandFailure(message: "stopped: \(failure.message) (\(failure.code.ledgerErrorType); see the ledger)",
                       exitCode: failure.code.exitStatus.rawValue)
    }
}
