import Foundation
import FerryTestSupport
@testable import Telemetry

/// A ledger in a fresh temporary directory.
struct LedgerFixture {
    let directory: TemporaryDirectory
    let ledger: Ledger
    var path: String { ledger.path }

    init(name: String = "download_telemetry.csv") throws {
        directory = try TemporaryDirectory()
        ledger = Ledger(path: directory.path(name))
    }

    /// Replaces the file's bytes.
    func write(_ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
}

/// A row with the given cells.
func row(_ date: String, _ status: LedgerStatus?, started: String, run: String = "run-1",
         _ extra: [LedgerColumn: String] = [:]) -> LedgerRow {
    var row = LedgerRow()
    row.runID = run
    row.chunkDateUTC = date
    row.status = status?.rawValue ?? ""
    row.startedAtUTC = started
    for (column, value) in extra { row[column] = value }
    return row
}

/// The seed's reference implementation, rebuilt as a script (also used by scripts/bench).
let referenceTelemetryScript: String = {
    let here = URL(fileURLWithPath: #filePath)
    let script = here.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Support/python/reference_telemetry.py")
    return script.path
}()
