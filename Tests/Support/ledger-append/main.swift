// Appends rows to a ledger from its own process, for the multi-writer test:
//   ledger-append LEDGER COUNT WRITER
// Each row carries the writer's name and a sequence number, and an error_message with commas,
// quotes and a newline, so that an interleaved or merged row cannot pass for a whole one.
import Telemetry
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[2]) else {
    print("usage: ledger-append LEDGER COUNT WRITER")
    exit(2)
}
let ledger = Ledger(path: arguments[1])
let writer = arguments[3]
for sequence in 0..<count {
    var row = LedgerRow()
    row.runID = writer
    row.chunkDateUTC = "2025-09-\(sequence % 28 + 1 < 10 ? "0" : "")\(sequence % 28 + 1)"
    row.status = LedgerStatus.failed.rawValue
    row.errorType = "Writer\(writer)"
    row.errorMessage = "\(writer) row \(sequence), with \"quotes\",\ncommas and a newline; \(String(repeating: writer, count: 40))"
    row.startedAtUTC = LedgerTimestamp.now()
    row.recordsDownloaded = String(sequence)
    do {
        try ledger.append(row)
    } catch {
        print("append failed: \(error)")
        exit(1)
    }
}
