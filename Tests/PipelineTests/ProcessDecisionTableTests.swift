import FerryTestSupport
import Testing
import Telemetry
import UTCDate
@testable import Pipeline

/// Seed 002's restart semantics, one row each.
@Suite struct ProcessDecisionTableTests {
    typealias Row = (prior: LedgerStatus?, cdf: Bool, upload: Bool, retry: Bool, expected: ProcessAction)

    static let rows: [Row] = [
        // No process-phase row (only Phase 1 rows, or none): process.
        (nil, false, false, false, .process), (nil, true, true, true, .process),
        // UPLOADED → skip (terminal), whatever else holds.
        (.uploaded, true, true, false, .skipComplete), (.uploaded, false, true, true, .skipComplete),
        (.uploaded, false, false, false, .skipComplete),
        // PROCESSED + CDF on disk: upload only in upload mode, terminal otherwise.
        (.processed, true, true, false, .uploadOnly), (.processed, true, false, false, .skipComplete),
        // PROCESSED + CDF missing → re-process.
        (.processed, false, true, false, .process), (.processed, false, false, false, .process),
        // UPLOAD_PENDING + CDF on disk → upload only; without upload mode the CDF is complete.
        (.uploadPending, true, true, false, .uploadOnly), (.uploadPending, true, false, false, .skipComplete),
        // UPLOAD_PENDING + CDF missing → re-process.
        (.uploadPending, false, true, false, .process), (.uploadPending, false, false, true, .process),
        // PROCESS_PENDING → re-process.
        (.processPending, false, false, false, .process), (.processPending, true, true, false, .process),
        // FAILED → skip unless --retry-failed; a retried upload failure with its CDF on disk uploads only.
        (.failed, true, true, false, .skipFailed), (.failed, false, false, false, .skipFailed),
        (.failed, true, true, true, .uploadOnly), (.failed, false, true, true, .process),
        (.failed, true, false, true, .process),
        // SKIPPED_NO_INPUT → look for the input again.
        (.skippedNoInput, false, false, false, .process), (.skippedNoInput, false, true, true, .process),
    ]

    @Test(arguments: rows.indices)
    func decides(_ index: Int) {
        let row = Self.rows[index]
        let input = ProcessDecisionInput(prior: row.prior, cdfOnDisk: row.cdf, uploadMode: row.upload, retryFailed: row.retry)
        #expect(ProcessDecisionTable.decide(input).action == row.expected, "\(row)")
    }

    @Test func everyRuleIsReachable() {
        for (index, rule) in ProcessDecisionTable.rules.enumerated() {
            let reached = Self.rows.contains { row in
                let input = ProcessDecisionInput(prior: row.prior, cdfOnDisk: row.cdf, uploadMode: row.upload, retryFailed: row.retry)
                return ProcessDecisionTable.rules.firstIndex { $0.matches(input) } == index
            }
            #expect(reached, "rule \(index) (\(rule.reason)) is never the first match")
        }
    }

    /// The real path: the process plan built from a ledger that holds only download-phase rows
    /// (every download status, a FAILED ending a download attempt, a FAILED with no process column)
    /// decides every day as "no process-phase row yet", with no prior row, even with
    /// `--retry-failed` off and upload mode on, where a leaked row would decide otherwise.
    @Test func aLedgerOfDownloadRowsOnlyPlansEveryDayAsHavingNoProcessRow() throws {
        let directory = try TemporaryDirectory()
        let first = UTCDay("2025-09-01")!
        var configuration = ProcessRunConfiguration(startDate: first, endDate: first.advanced(by: 4),
                                                    inputDirectory: directory.path("in"), outputDirectory: directory.path("out"),
                                                    telemetryPath: directory.path("download_telemetry.csv"))
        configuration.uploadBucket = "b"
        let ledger = Ledger(path: configuration.telemetryPath)
        let attempts: [(run: String, statuses: [LedgerStatus])] = [
            ("download-1", [.downloadPending]), ("download-1", [.downloadPending, .downloaded]),
            ("download-1", [.downloadPending, .skippedNoData]), ("download-1", [.downloadPending, .failed]),
            ("hand-written", [.failed]),
        ]
        for (offset, attempt) in attempts.enumerated() {
            for status in attempt.statuses {
                var row = LedgerRow(attemptAt: first.advanced(by: offset), status: status, runID: attempt.run, sensorID: "ALL",
                                    descriptor: "QUICKLOOK", outputFormat: "csv", startedAt: LedgerTimestamp.now(),
                                    finished: status != .downloadPending)
                if status == .downloaded { row.csvPath = directory.path("in/REACH-ALL.csv") }
                if status == .failed { (row.errorType, row.errorMessage) = ("UDLDownloadError", "HTTP 503") }
                try ledger.append(row)
            }
        }
        #expect(try ledger.loadState().downloadPhase.count == attempts.count, "every day has its download row")

        let plan = try ProcessOrchestrator(configuration: configuration, processor: FileWritingProcessor(failingDays: []),
                                           uploader: RecordingUploader(failing: false), ledger: ledger).plan()
        #expect(plan.map(\.day) == (0..<attempts.count).map { first.advanced(by: $0) })
        for planned in plan {
            #expect(planned.prior == nil, "\(planned.day): a download row reached the table as \(planned.prior?.status ?? "")")
            #expect(planned.rule == .process && planned.reason == ProcessDecisionTable.rules[0].reason, "\(planned.day): \(planned.reason)")
        }
    }
}
