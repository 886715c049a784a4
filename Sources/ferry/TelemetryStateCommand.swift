import ArgumentParser
import Foundation
import Telemetry
import UTCDate

/// `ferry telemetry state FILE`: the latest row per day.
struct TelemetryStateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Show the latest row per day, as the resume logic sees it.",
        discussion: """
            With --json: one object whose keys are the days (YYYY-MM-DD, ascending) and whose \
            values hold all 24 columns as strings ("" when empty).
            """
    )

    @OptionGroup var ledger: LedgerFileOptions

    @Option(help: "Whose view: all rows, or only the download or the process phase's rows.")
    var phase: PhaseChoice = .all

    enum PhaseChoice: String, ExpressibleByArgument, CaseIterable {
        case all, download, process
    }

    func run() throws {
        let state = try ledger.loadState()
        let rows: [UTCDay: LedgerRow] = switch phase {
        case .all: state.latest
        case .download: state.downloadPhase
        case .process: state.processPhase
        }
        let days = rows.keys.sorted()
        if ledger.json {
            try printJSON(Dictionary(uniqueKeysWithValues: days.map { ($0.description, rows[$0]!.fields) }))
            return
        }
        let table = days.map { day -> [String] in
            let row = rows[day]!
            return [day.description, row.status, row.recordsDownloaded, row.availabilityPct,
                    row.errorType, row.startedAtUTC]
        }
        print(formatTable(header: ["DAY", "STATUS", "RECORDS", "AVAILABILITY_%", "ERROR_TYPE", "STARTED_AT_UTC"],
                          rows: table), terminator: "")
        if days.isEmpty { print("(no days recorded)") }
    }
}
