import ArgumentParser
import Foundation
import Telemetry
import UTCDate

/// `ferry telemetry`: read a ledger the way the resume logic reads it.
struct TelemetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telemetry",
        abstract: "Inspect an append-only telemetry ledger.",
        discussion: """
            A ledger holds one row per attempt at a day's work; nothing is ever rewritten. \
            The state of a day is its most recent row (largest started_at_utc, ties won by \
            the later row). Download and process each resume from their own phase's rows.
            """,
        subcommands: [TelemetryStateCommand.self, TelemetrySummaryCommand.self]
    )
}

/// Options shared by the telemetry subcommands.
struct LedgerFileOptions: ParsableArguments {
    @Argument(help: "The ledger CSV file, e.g. out/download_telemetry.csv.")
    var file: String

    @Flag(help: "Print one JSON document on stdout instead of a table.")
    var json = false

    @OptionGroup var logging: LoggingOptions

    /// Loads the ledger, mapping a missing file, a directory or a non-ledger to exit code 2.
    func loadState() throws -> LedgerState {
        logging.bootstrap()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw CommandFailure.configuration("\(file): no such ledger file")
        }
        guard !isDirectory.boolValue else {
            throw CommandFailure.configuration("\(file): is a directory, not a ledger file")
        }
        do {
            return try Ledger(path: file).loadState()
        } catch {
            throw CommandFailure.configuration("\(error)")
        }
    }
}

/// Writes a value as one JSON document on stdout.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    FileHandle.standardOutput.write(try encoder.encode(value))
    FileHandle.standardOutput.write(Data("\n".utf8))
}

/// Formats rows of cells as a left-aligned table.
func formatTable(header: [String], rows: [[String]]) -> String {
    let widths = header.indices.map { column in
        ([header] + rows).map { $0[column].count }.max() ?? 0
    }
    func line(_ cells: [String]) -> String {
        zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
}
