import Testing
import Telemetry
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

    @Test func downloadPhaseStatusesNeverReachTheTable() {
        // The process view holds only process-phase rows; download statuses have their own phase.
        for status in [LedgerStatus.downloadPending, .downloaded, .skippedNoData] {
            #expect(status.phase == .download)
        }
    }
}
