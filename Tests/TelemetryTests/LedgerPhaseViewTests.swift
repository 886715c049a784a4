import Testing
import UTCDate
@testable import Telemetry

/// Which phase's view each row lands in (seed 002: "download only consults Phase 1 statuses").
@Suite struct LedgerPhaseViewTests {
    let day = UTCDay("2025-09-01")!

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let rows: [LedgerRow]
        let download: String?   // run_id of the download view's row, nil when absent
        let process: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "each status lands in its own phase",
             rows: [row("2025-09-01", .downloaded, started: "t1", run: "d"),
                    row("2025-09-01", .processed, started: "t2", run: "p")],
             download: "d", process: "p"),
        Case(name: "FAILED after DOWNLOAD_PENDING of the same run is download",
             rows: [row("2025-09-01", .downloadPending, started: "t1", run: "d"),
                    row("2025-09-01", .failed, started: "t1", run: "d")],
             download: "d", process: nil),
        Case(name: "FAILED after PROCESS_PENDING of the same run is process",
             rows: [row("2025-09-01", .downloaded, started: "t0", run: "d"),
                    row("2025-09-01", .processPending, started: "t1", run: "p"),
                    row("2025-09-01", .failed, started: "t1", run: "p")],
             download: "d", process: "p"),
        Case(name: "FAILED after UPLOAD_PENDING of the same run is process",
             rows: [row("2025-09-01", .uploadPending, started: "t1", run: "p"),
                    row("2025-09-01", .failed, started: "t1", run: "p")],
             download: nil, process: "p"),
        Case(name: "FAILED of another run, no process columns: download",
             rows: [row("2025-09-01", .processPending, started: "t1", run: "p"),
                    row("2025-09-01", .failed, started: "t2", run: "x")],
             download: "x", process: "p"),
        Case(name: "FAILED of another run with a process column filled: process",
             rows: [row("2025-09-01", .failed, started: "t2", run: "x", [.cdfPath: "/out/a.cdf"])],
             download: nil, process: "x"),
        Case(name: "a process FAILED never hides a DOWNLOADED day from download",
             rows: [row("2025-09-01", .downloadPending, started: "t0", run: "d"),
                    row("2025-09-01", .downloaded, started: "t0", run: "d"),
                    row("2025-09-01", .processPending, started: "t1", run: "p"),
                    row("2025-09-01", .failed, started: "t1", run: "p")],
             download: "d", process: "p"),
        Case(name: "rows with an empty or unknown status are in neither phase",
             rows: [row("2025-09-01", nil, started: "t1", run: "e")],
             download: nil, process: nil),
    ]

    @Test(arguments: cases)
    func attributesRows(_ testCase: Case) throws {
        let fixture = try LedgerFixture()
        for row in testCase.rows { try fixture.ledger.append(row) }
        let state = try fixture.ledger.loadState()
        #expect(state.downloadPhase[day]?.runID == testCase.download)
        #expect(state.processPhase[day]?.runID == testCase.process)
        #expect(state.latest[day] == testCase.rows.last, "latest overall is the last row here")
    }
}
