// Measurement entry points for scripts/bench (not part of the ferry command):
//   ferry-bench ledger-load LEDGER          time Ledger.loadState(); prints "<seconds> <days>"
//   ferry-bench ledger-append LEDGER COUNT  time COUNT durable appends; prints "<seconds>"
#if canImport(Glibc)
import Glibc
#endif
import Telemetry

func seconds(_ body: () throws -> Void) rethrows -> Double {
    var start = timespec(), end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    try body()
    clock_gettime(CLOCK_MONOTONIC, &end)
    return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: ferry-bench ledger-load LEDGER | ledger-append LEDGER COUNT")
    exit(2)
}
let ledger = Ledger(path: arguments[2])
switch arguments[1] {
case "ledger-load":
    var days = 0
    let elapsed = try seconds { days = try ledger.loadState().latest.count }
    print("\(elapsed) \(days)")
case "ledger-append":
    let count = Int(arguments[3])!
    let elapsed = try seconds {
        for index in 0..<count {
            var row = LedgerRow()
            row.runID = "bench"
            row.chunkDateUTC = "2025-09-01"
            row.status = LedgerStatus.downloadPending.rawValue
            row.startedAtUTC = LedgerTimestamp.now()
            row.recordsDownloaded = String(index)
            try ledger.append(row)
        }
    }
    print(elapsed)
default:
    print("unknown benchmark \(arguments[1])")
    exit(2)
}
