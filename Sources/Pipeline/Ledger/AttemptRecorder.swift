import OffPool
import Telemetry
import UTCDate

/// Writes the ledger rows of one run: every row carries the run's id and the settings that
/// identify what was attempted (sensor, descriptor, format), so both phases record alike.
struct AttemptRecorder: Sendable {
    let ledger: Ledger
    let runID: String
    let sensorID: String
    let descriptor: String
    let outputFormat: String

    /// Appends a `status` row for `day`'s attempt begun at `started`; `fill` sets the status's own columns.
    /// The lock wait and the fsync run off the cooperative pool.
    func record(_ status: LedgerStatus, day: UTCDay, started: String, finished: Bool = false,
                _ fill: (inout LedgerRow) -> Void = { _ in }) async throws {
        var row = LedgerRow(attemptAt: day, status: status, runID: runID, sensorID: sensorID,
                            descriptor: descriptor, outputFormat: outputFormat, startedAt: started, finished: finished)
        fill(&row)
        let ledger = ledger
        try await OffPool.run { [row] in try ledger.append(row) }
    }
}
