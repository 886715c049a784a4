import ArgumentParser
import Foundation
import Staging

/// `ferry stage status`: each run's files by status.
struct StageStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the last staging runs and each of their files with its status.",
        discussion: "Statuses: NOT_STARTED, IN_PROGRESS, DONE, FAILED (with its error). Exit 1 when some file FAILED.")

    @Option(help: "Runs shown, newest first.")
    var runs = 20

    @Flag(help: "One JSON document on stdout.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let status = try await stagingConfiguration {
            try await withDatabase(database) { try await StagingStatus.read(from: $0, limit: runs) }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
        } else {
            var lines: [String] = []
            for run in status.runs {
                let counts = run.counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                lines.append("run \(run.id): \(run.station) → \(run.collection) [\(run.start), \(run.stop)) \(run.destination): "
                             + "\(run.found) found, \(run.alreadyPublished) already published; \(counts.isEmpty ? "nothing staged" : counts)")
                for file in run.files where file.status != "DONE" {
                    lines.append("  \(file.status) \(file.id)" + (file.error.map { ": \($0)" } ?? ""))
                }
            }
            print(lines.isEmpty ? "no staging run yet" : lines.joined(separator: "\n"))
        }
        if status.hasFailures { throw ExitCode(CommandFailure.someUnitFailedExitCode) }
    }
}
