import Testing
import Telemetry
@testable import Pipeline

/// Seed 000's `_decide_action`, one row each.
@Suite struct DownloadDecisionTableTests {
    typealias Row = (prior: LedgerStatus?, artifact: Bool, retry: Bool, expected: DownloadAction)

    static let rows: [Row] = [
        // No download-phase row → run.
        (nil, false, false, .download), (nil, true, true, .download),
        // DOWNLOADED with its artifact → skip_existing; without → run again.
        (.downloaded, true, false, .skipExisting), (.downloaded, true, true, .skipExisting),
        (.downloaded, false, false, .download), (.downloaded, false, true, .download),
        // SKIPPED_NO_DATA → terminal.
        (.skippedNoData, false, false, .skipNoData), (.skippedNoData, false, true, .skipNoData),
        // FAILED → skip unless --retry-failed.
        (.failed, false, false, .skipFailed), (.failed, true, false, .skipFailed),
        (.failed, false, true, .download), (.failed, true, true, .download),
        // DOWNLOAD_PENDING (interrupted) → run.
        (.downloadPending, false, false, .download), (.downloadPending, true, true, .download),
    ]

    @Test(arguments: rows.indices)
    func row(_ index: Int) {
        let row = Self.rows[index]
        let rule = DownloadDecisionTable.decide(DownloadDecisionInput(prior: row.prior, artifactOnDisk: row.artifact,
                                                                      retryFailed: row.retry))
        #expect(rule.action == row.expected, "row \(index): \(row)")
        #expect(!rule.reason.isEmpty)
    }

    @Test func processPhaseStatusesAreNotConsulted() {
        // The download view never holds them, but if one slipped through it must not read as done.
        let rule = DownloadDecisionTable.decide(DownloadDecisionInput(prior: .uploaded, artifactOnDisk: true, retryFailed: false))
        #expect(rule.action == .download)
    }
}
