import ArgumentParser
import Foundation

/// The `ferry` command: moves space-science mission data from archives to science-ready storage.
@main
struct Ferry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Move space-science mission data from archives to science-ready storage.",
        discussion: """
            Every step is resumable and recorded in an append-only telemetry ledger:
            kill a run at any moment and rerun it without losing or duplicating anything.
            Exit codes: 0 every planned unit ended well, 1 some unit failed, \
            2 configuration, usage or authentication error.
            """,
        subcommands: [DemoCommand.self, DownloadCommand.self, ProcessCommand.self, PackageCommand.self, StageCommand.self, ServeCommand.self, ReportCommand.self, TelemetryCommand.self, CDFCommand.self, SimCommand.self]
    )

    /// Runs the command, mapping failures to the exit codes of the command-line contract.
    static func main() async {
        LargeBufferMemory.returnToSystemWhenFreed()
        // A write to a pipe whose reader is gone (ssh that exited before reading a plan, `| head`)
        // is an error the writer handles, not a signal that kills the process mid-task.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("ferry: \(failure.message)\n".utf8))
            Foundation.exit(failure.exitCode)
        } catch {
            // Usage errors exit 2 as the reference tool's argparse does, not ArgumentParser's 64.
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(CommandFailure.configurationExitCode)
            }
            exit(withError: error)
        }
    }
}
