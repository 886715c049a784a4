import ArgumentParser
import Foundation
import Telemetry
import UTCDate

/// `ferry telemetry summary FILE`: how a range of days stands.
struct TelemetrySummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Count days per latest status, mean availability, and list failures.",
        discussion: """
            Statuses count each day once, by its latest row. Availability is averaged over the \
            days whose latest download-phase row records one (DOWNLOADED days).
            """
    )

    @OptionGroup var ledger: LedgerFileOptions

    func run() throws {
        let summary = LedgerSummary(try ledger.loadState())
        if ledger.json {
            try printJSON(summary)
            return
        }
        print("days: \(summary.days)" + (summary.firstDay.map { " (\($0) … \(summary.lastDay!))" } ?? ""))
        print(formatTable(header: ["STATUS", "DAYS"],
                          rows: summary.statuses.sorted { $0.key < $1.key }.map { [$0.key, String($0.value)] }),
              terminator: "")
        if let mean = summary.availability.meanPct {
            print(String(format: "availability: mean %.4f%% over %d days (min %.4f%%, max %.4f%%)",
                         mean, summary.availability.days, summary.availability.minPct!, summary.availability.maxPct!))
        } else {
            print("availability: no downloaded days")
        }
        if !summary.failures.isEmpty {
            print("failures:")
            print(formatTable(header: ["DAY", "PHASE", "ERROR_TYPE", "ERROR_MESSAGE"],
                              rows: summary.failures.map { [$0.day, $0.phase, $0.errorType, Self.oneLine($0.errorMessage)] }),
                  terminator: "")
        }
        if let torn = summary.tornTail {
            print("warning: torn final row at line \(torn.line) ignored")
        }
    }

    private static func oneLine(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        return flat.count > 100 ? String(flat.prefix(99)) + "…" : flat
    }
}

/// The figures `ferry telemetry summary` reports, also its JSON shape.
struct LedgerSummary: Encodable {
    struct Availability: Encodable {
        var days = 0
        var meanPct: Double?
        var minPct: Double?
        var maxPct: Double?
        enum CodingKeys: String, CodingKey { case days, meanPct = "mean_pct", minPct = "min_pct", maxPct = "max_pct" }
    }

    struct Failure: Encodable {
        let day: String, phase: String, errorType: String, errorMessage: String, runID: String, startedAtUTC: String
        enum CodingKeys: String, CodingKey {
            case day = "date", phase, errorType = "error_type", errorMessage = "error_message"
            case runID = "run_id", startedAtUTC = "started_at_utc"
        }
    }

    struct Torn: Encodable { let line: Int; let byteOffset: Int64
        enum CodingKeys: String, CodingKey { case line, byteOffset = "byte_offset" }
    }

    var days = 0
    var firstDay: String?
    var lastDay: String?
    var statuses: [String: Int] = [:]
    var downloadPhaseStatuses: [String: Int] = [:]
    var processPhaseStatuses: [String: Int] = [:]
    var availability = Availability()
    var availabilityByDay: [String: Double] = [:]
    var failures: [Failure] = []
    var errorTypes: [String: Int] = [:]
    var tornTail: Torn?

    enum CodingKeys: String, CodingKey {
        case days, firstDay = "first_day", lastDay = "last_day", statuses
        case downloadPhaseStatuses = "download_phase_statuses", processPhaseStatuses = "process_phase_statuses"
        case availability, availabilityByDay = "availability_by_day", failures, errorTypes = "error_types"
        case tornTail = "torn_tail"
    }

    init(_ state: LedgerState) {
        let days = state.latest.keys.sorted()
        self.days = days.count
        firstDay = days.first?.description
        lastDay = days.last?.description
        for day in days {
            let row = state.latest[day]!
            statuses[row.status.isEmpty ? "(none)" : row.status, default: 0] += 1
            if row.parsedStatus == .failed {
                let phase = state.processPhase[day] == row ? "process" : "download"
                failures.append(Failure(day: day.description, phase: phase, errorType: row.errorType,
                                        errorMessage: row.errorMessage, runID: row.runID, startedAtUTC: row.startedAtUTC))
                errorTypes[row.errorType.isEmpty ? "(none)" : row.errorType, default: 0] += 1
            }
        }
        for row in state.downloadPhase.values { downloadPhaseStatuses[row.status, default: 0] += 1 }
        for row in state.processPhase.values { processPhaseStatuses[row.status, default: 0] += 1 }
        let percentages = state.downloadPhase.compactMap { day, row in Double(row.availabilityPct).map { (day, $0) } }
        for (day, pct) in percentages { availabilityByDay[day.description] = pct }
        if !percentages.isEmpty {
            let values = percentages.map(\.1)
            availability = Availability(days: values.count, meanPct: values.reduce(0, +) / Double(values.count),
                                        minPct: values.min(), maxPct: values.max())
        }
        tornTail = state.tornTail.map { Torn(line: $0.line, byteOffset: $0.byteOffset) }
    }
}
