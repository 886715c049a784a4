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
/// newest for its day when it is read, so rows are not decoded as they stream past: each view
/// keeps, per day, where its winning row lies in the file and its packed `started_at_utc`; the
/// few thousand winners are read back and decoded once at the end. (The file is append-only, so
/// bytes already read never change.)
struct LedgerStateLoader {
    let path: String
    let logger: Logger

    /// Where the current winning row of one view lies, and its timestamp.
    private struct Winner {
        var offset: Int64 = -1
        var length: Int32 = 0
        var started = StartedKey()

        var isEmpty: Bool { offset < 0 }

        /// Takes the row unless it is older; `>=` so that on equal timestamps the later row wins (seed 001).
        @inline(__always)
        mutating func offer(_ started: StartedKey, offset: Int64, length: Int) {
            if isEmpty || !started.precedes(self.started) {
                self = Winner(offset: offset, length: Int32(length), started: started)
            }
        }
    }

    /// Everything kept for one day.
    private struct Day {
        let daysSinceEpoch: Int
        var latest = Winner(), download = Winner(), process = Winner()
        /// The last non-FAILED attempt: its run and phase, to attribute a FAILED row.
        var attemptRunID: [UInt8] = []
        var attemptPhase = LedgerPhase.download
    }

    func load() throws(LedgerError) -> LedgerState {
        var index = DaySlotIndex()
        var days: [Day] = []
        var state = LedgerState()
        guard let header = try scan({ header, record in
            guard let day = UTCDay(pythonISODateBytes: header.field(.chunkDateUTC, of: record)) else { return }
            let slot: Int
            if let known = index.slot(of: day.daysSinceEpoch) {
                slot = known
            } else {
                slot = days.count
                index.set(slot, for: day.daysSinceEpoch)
                days.append(Day(daysSinceEpoch: day.daysSinceEpoch))
            }
            let started = StartedKey(header.field(.startedAtUTC, of: record))
            let (offset, length) = (record.offset, record.rawBytes.count)
            days[slot].latest.offer(started, offset: offset, length: length)
            guard let status = Self.status(header.field(.status, of: record)) else { return }
            let runID = header.field(.runID, of: record)
            let phase: LedgerPhase
            if let own = status.phase {
                phase = own
                if !days[slot].attemptRunID.elementsEqual(runID) {
                    days[slot].attemptRunID = Array(runID)
                }
                days[slot].attemptPhase = own
            } else if !days[slot].attemptRunID.isEmpty, days[slot].attemptRunID.elementsEqual(runID) {
                phase = days[slot].attemptPhase
            } else {
                let processFilled = LedgerColumn.processColumns.contains { !header.field($0, of: record).isEmpty }
                phase = processFilled ? .process : .download
            }
            switch phase {
            case .download: days[slot].download.offer(started, offset: offset, length: length)
            case .process: days[slot].process.offer(started, offset: offset, length: length)
            }
        }, torn: { state.tornTail = $0 }) else { return state }

        // Read each winning row back once; views that share a row share its storage.
        var rowAt: [Int64: LedgerRow] = [:]
        let winners = Set(days.flatMap { [$0.latest, $0.download, $0.process] }.filter { !$0.isEmpty }
            .map { WinnerLocation(offset: $0.offset, length: $0.length) })
        try readRows(at: winners.sorted { $0.offset < $1.offset }, header: header) { location, row in rowAt[location.offset] = row }
        for day in days {
            let key = UTCDay(daysSinceEpoch: day.daysSinceEpoch)
            state.latest[key] = rowAt[day.latest.offset]
            if !day.download.isEmpty { state.downloadPhase[key] = rowAt[day.download.offset] }
            if !day.process.isEmpty { state.processPhase[key] = rowAt[day.process.offset] }
        }
        return state
    }

    private struct WinnerLocation: Hashable {
        let offset: Int64
        let length: Int32
    }

    /// Reads and decodes rows at the given places, in file order.
    private func readRows(at locations: [WinnerLocation], header: LedgerHeader,
                          _ body: (WinnerLocation, LedgerRow) -> Void) throws(LedgerError) {
        guard !locations.isEmpty else { return }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, operation: "open", reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        for location in locations {
            let length = Int(location.length)
            if buffer.count < length { buffer = [UInt8](repeating: 0, count: length) }
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, off_t(location.offset)) }
            guard got == length else {
                throw .io(path: path, operation: "read", reason: "the file changed while it was being loaded")
            }
            let row = buffer.withUnsafeBufferPointer { all in
                CSVRecord.parsing(UnsafeBufferPointer(rebasing: all[..<length])) { header.row(from: $0) }
            }
            body(location, row)
        }
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
