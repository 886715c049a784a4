#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSVCodec
import Logging
import UTCDate

/// Reduces a ledger file to ``LedgerState`` in one streaming pass.
///
/// A ledger grows to millions of rows over years of reprocessing, and nearly every row is the
/// newest for its day when it is read, so rows are not decoded as they stream past: the current
/// winner per day is kept as its raw bytes (buffers reused in place) and decoded once at the end.
struct LedgerStateLoader {
    let path: String
    let logger: Logger

    /// The raw bytes of the current winning row for one day in one view.
    private struct Winner {
        var started: [UInt8] = []
        var raw: [UInt8] = []

        mutating func take(started: UnsafeBufferPointer<UInt8>, raw: UnsafeBufferPointer<UInt8>) {
            self.started.removeAll(keepingCapacity: true)
            self.started.append(contentsOf: started)
            self.raw.removeAll(keepingCapacity: true)
            self.raw.append(contentsOf: raw)
        }
    }

    /// The last attempt seen for a day, to attribute a FAILED row to its phase.
    private struct Attempt {
        var runID: [UInt8] = []
        var phase: LedgerPhase = .download

        mutating func record(runID: UnsafeBufferPointer<UInt8>, phase: LedgerPhase) {
            self.runID.removeAll(keepingCapacity: true)
            self.runID.append(contentsOf: runID)
            self.phase = phase
        }
    }

    func load() throws(LedgerError) -> LedgerState {
        var latest: [Int: Winner] = [:], download: [Int: Winner] = [:], process: [Int: Winner] = [:]
        var attempts: [Int: Attempt] = [:]
        var state = LedgerState()
        guard let header = try scan({ header, record in
            let dateBytes = header.field(.chunkDateUTC, of: record)
            guard let day = UTCDay(pythonISODateBytes: ArraySlice(dateBytes)) else { return }
            let key = day.daysSinceEpoch
            let started = header.field(.startedAtUTC, of: record)
            let raw = record.rawBytes
            Self.offer(&latest[key, default: Winner()], started: started, raw: raw)
            guard let status = Self.status(header.field(.status, of: record)) else { return }
            let runID = header.field(.runID, of: record)
            let phase: LedgerPhase
            if let own = status.phase {
                phase = own
                attempts[key, default: Attempt()].record(runID: runID, phase: own)
            } else if let attempt = attempts[key], attempt.runID.elementsEqual(runID) {
                phase = attempt.phase
            } else {
                let processFilled = LedgerColumn.processColumns.contains { !header.field($0, of: record).isEmpty }
                phase = processFilled ? .process : .download
            }
            switch phase {
            case .download: Self.offer(&download[key, default: Winner()], started: started, raw: raw)
            case .process: Self.offer(&process[key, default: Winner()], started: started, raw: raw)
            }
        }, torn: { state.tornTail = $0 }) else { return state }
        state.latest = header.decode(latest.mapValues(\.raw))
        state.downloadPhase = header.decode(download.mapValues(\.raw))
        state.processPhase = header.decode(process.mapValues(\.raw))
        return state
    }

    /// Calls `body` with every row in file order, decoded.
    func forEachRow(_ body: (LedgerRow) -> Void) throws(LedgerError) {
        _ = try scan({ header, record in body(header.row(from: record)) }, torn: { _ in })
    }

    /// Streams the data rows to `body`; returns the header, or nil when the file is missing or empty.
    private func scan(_ body: (LedgerHeader, CSVRecord) -> Void,
                      torn: (TornRow) -> Void) throws(LedgerError) -> LedgerHeader? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw .io(path: path, operation: "stat", reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .notALedger(path: path, reason: "not a regular file")
        }
        var header: LedgerHeader?
        do {
            try CSVReader(path: path).forEachRecord { record in
                guard let known = header else {
                    header = try LedgerHeader(record: record, path: path)
                    return
                }
                if !record.isTerminated && (record.count < known.width || record.endsInOpenQuote) {
                    logger.warning("ignoring a torn final row (cut off mid-write)",
                                   metadata: ["file": "\(path)", "line": "\(record.line)"])
                    torn(TornRow(line: record.line, byteOffset: record.offset))
                    return
                }
                body(known, record)
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .io(path: path, operation: "read", reason: "\(error)")
        }
        return header
    }

    @inline(__always)
    private static func offer(_ winner: inout Winner, started: UnsafeBufferPointer<UInt8>,
                              raw: UnsafeBufferPointer<UInt8>) {
        // `>=` so that, on equal timestamps, the row later in the file wins (seed 001).
        if winner.raw.isEmpty || !started.lexicographicallyPrecedes(winner.started) {
            winner.take(started: started, raw: raw)
        }
    }

    private static let statusBytes: [(bytes: [UInt8], status: LedgerStatus)] =
        LedgerStatus.allCases.map { (Array($0.rawValue.utf8), $0) }

    @inline(__always)
    private static func status(_ bytes: UnsafeBufferPointer<UInt8>) -> LedgerStatus? {
        for candidate in statusBytes where candidate.bytes.count == bytes.count {
            if candidate.bytes.elementsEqual(bytes) { return candidate.status }
        }
        return nil
    }
}
