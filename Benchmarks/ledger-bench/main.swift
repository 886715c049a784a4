// The ledger's measurement entry points for scripts/bench.d/ledger.sh (not part of the ferry command):
//   ledger-bench load LEDGER          time Ledger.loadState(); prints "<seconds> <days>"
//   ledger-bench append LEDGER COUNT  time COUNT durable appends; prints "<seconds>"
// A program of its own that links only Telemetry: peak memory is measured on the whole process, and
// a binary that also links Foundation, SwiftNIO and BoringSSL (as ferry-bench does for the S3 and
// CDF benchmarks) holds 18.4 MB before it does any work, against 8.2 MB for this one (BENCHMARKS.md).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
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
switch (arguments.dropFirst().first, arguments.count) {
case ("load", 3):
    var days = 0
    let elapsed = try seconds { days = try Ledger(path: arguments[2]).loadState().latest.count }
    print("\(elapsed) \(days)")
case ("append", 4) where Int(arguments[3]) != nil:
    let count = Int(arguments[3])!
    let ledger = Ledger(path: arguments[2])
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
    print("usage: ledger-bench load LEDGER | append LEDGER COUNT")
    exit(2)
}
