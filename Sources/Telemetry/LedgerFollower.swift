#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSVCodec
import Synchronization
public import UTCDate

/// Follows a ledger that other processes append to: the first ``refresh()`` reads the whole file,
/// later ones read only the rows appended since, so a view over a million-row ledger stays current
/// at the cost of the new rows alone.
///
/// The ledger is append-only, so bytes once read never change. A row still being written (no line
/// terminator yet) is left for the next refresh. A file that shrinks or is replaced by another
/// (a new inode) is read again from its start.
///
/// `refresh()` and ``rows(of:)`` read the file: call them off the cooperative pool.
public final class LedgerFollower: Sendable {
    /// The ledger file followed.
    public let path: String
    private let state = Mutex(FollowState())

    /// A follower of the ledger at `path` (which need not exist yet).
    public init(path: String) {
        self.path = path
    }

    /// Reads what was appended since the last call and returns the digest of the whole file.
    public func refresh() throws(LedgerError) -> LedgerDigest {
        try state.withLock { state throws(LedgerError) -> LedgerDigest in
            try state.read(path: path)
            var digest = state.digest ?? .empty
            digest.modifiedAt = state.tail.modifiedAt
            return digest
        }
    }

    /// Every row written for `day`, in file order (the day's attempts); empty when it has none.
    public func rows(of day: UTCDay) throws(LedgerError) -> [LedgerRow] {
        let (locations, header) = state.withLock { state in (state.attempts(of: day), state.header) }
        guard let header, !locations.isEmpty else { return [] }
        return try RowReader(path: path).read(locations, header: header)
    }
}

/// Everything a follower has learned from the bytes read so far.
private struct FollowState {
    var tail = AppendedFileTail()
    var header: LedgerHeader?
    var rows = 0
    var rowsWithoutDay = 0
    var tornTail: TornRow?
    var index = DaySlotIndex()
    var days: [DayTrack] = []
    var failures: [String: FailureTrack] = [:]
    var hours: [Int64: LedgerDigest.HourOfWork] = [:]
    var digest: LedgerDigest?

    struct DayTrack {
        let day: UTCDay
        var winner: RowLocation
        var winnerStarted: StartedKey
        var latest = LedgerRow()
        var attempts: [RowLocation] = []
        var failedRows = 0
        var stale = true
        /// The day's last DOWNLOADED row: its records and availability, once later phases are the latest.
        var download: RowLocation?
        var downloadRow: LedgerRow?
        var downloadStale = false
    }

    struct FailureTrack {
        var rows = 0
        var days: Set<UTCDay> = []
        var lastMessage = ""
    }

    func attempts(of day: UTCDay) -> [RowLocation] {
        index.slot(of: day.daysSinceEpoch).map { days[$0].attempts } ?? []
    }


    mutating func read(path: String) throws(LedgerError) {
        do {
            try readAppended(path: path)
        } catch {
            // Rows are folded as they are read: after a read that broke off, what was folded and
            // where reading resumes no longer agree, so the next read starts over.
            self = FollowState()
            throw error
        }
    }

    private mutating func readAppended(path: String) throws(LedgerError) {
        let rowsBefore = rows, tornBefore = tornTail
        // A missing, replaced or shortened file: forget everything, then read it from its start.
        while case let progress = try advance(path: path), progress != .appended {
            let tail = self.tail
            self = FollowState()
            self.tail = tail
            if progress == .missing { break }
        }
        tornTail = tail.unfinishedRow
        // Nothing new (a start-over clears `digest`): the digest stands, and a page asked for every
        // second over thousands of days is not rebuilt for nothing.
        if digest != nil && rows == rowsBefore && tornTail == tornBefore { return }
        if header == nil, let names = tail.header { header = try LedgerHeader(names: names, path: path) }
        if let header { try decodeStaleWinners(path: path, header: header) }
        digest = makeDigest()
    }

    /// Folds the rows appended since the last read.
    private mutating func advance(path: String) throws(LedgerError) -> AppendedFileTail.Progress {
        var tail = self.tail   // out of `self`, so that the fold below may change the rest of it
        defer { self.tail = tail }
        do {
            return try tail.advance(path: path) { names, record in
                if header == nil { header = try LedgerHeader(names: names, path: path) }
                fold(record, header: header!)
            }
        } catch let error as LedgerError {
            throw error
        } catch AppendedFileTail.TailError.notARegularFile {
            throw .notALedger(path: path, reason: "not a regular file")
        } catch {
            throw .io(path: path, operation: "read", reason: "\(error)")
        }
    }

    private mutating func fold(_ record: CSVRecord, header: LedgerHeader) {
        rows += 1
        guard let day = UTCDay(pythonISODateBytes: header.field(.chunkDateUTC, of: record)) else {
            rowsWithoutDay += 1
            return
        }
        let location = RowLocation(offset: record.offset, length: Int32(record.rawBytes.count))
        let started = StartedKey(header.field(.startedAtUTC, of: record))
        let slot: Int
        if let known = index.slot(of: day.daysSinceEpoch) {
            slot = known
            // `>=`, so that on equal timestamps the later row wins (seed 001).
            if !started.precedes(days[slot].winnerStarted) {
                days[slot].winner = location
                days[slot].winnerStarted = started
                days[slot].stale = true
            }
        } else {
            slot = days.count
            index.set(slot, for: day.daysSinceEpoch)
            days.append(DayTrack(day: day, winner: location, winnerStarted: started))
        }
        days[slot].attempts.append(location)

        let status = String(decoding: header.field(.status, of: record), as: UTF8.self)
        if status == LedgerStatus.downloaded.rawValue {
            days[slot].download = location
            days[slot].downloadStale = true
        }
        let failed = status == LedgerStatus.failed.rawValue
        if failed {
            days[slot].failedRows += 1
            let type = String(decoding: header.field(.errorType, of: record), as: UTF8.self)
            var group = failures[type.isEmpty ? "unknown" : type] ?? FailureTrack()
            group.rows += 1
            group.days.insert(day)
            group.lastMessage = String(decoding: header.field(.errorMessage, of: record), as: UTF8.self)
            failures[type.isEmpty ? "unknown" : type] = group
        }
        let finished = header.field(.finishedAtUTC, of: record)
        if let hour = UTCHourStart.of(finished.isEmpty ? header.field(.startedAtUTC, of: record) : finished) {
            var work = hours[hour] ?? LedgerDigest.HourOfWork(start: hour)
            work.rows += 1
            if failed { work.failedRows += 1 }
            if status == LedgerStatus.downloaded.rawValue {
                work.recordsDownloaded &+= Self.integer(header.field(.recordsDownloaded, of: record)) ?? 0
                work.downloadSeconds += Self.number(header.field(.downloadSeconds, of: record)) ?? 0
                work.megabytesWritten += Self.number(header.field(.csvSizeMB, of: record)) ?? 0
            }
            if status == LedgerStatus.processed.rawValue {
                work.megabytesWritten += Self.number(header.field(.cdfSizeMB, of: record)) ?? 0
            }
            hours[hour] = work
        }
    }

    /// Decodes the rows that became some day's latest since the last read.
    private mutating func decodeStaleWinners(path: String, header: LedgerHeader) throws(LedgerError) {
        let reader = RowReader(path: path)
        let stale = days.indices.filter { days[$0].stale }
        for (slot, row) in zip(stale, try reader.read(stale.map { days[$0].winner }, header: header)) {
            days[slot].latest = row
            days[slot].stale = false
        }
        let downloads = days.indices.filter { days[$0].downloadStale }
        for (slot, row) in zip(downloads, try reader.read(downloads.compactMap { days[$0].download }, header: header)) {
            days[slot].downloadRow = row
            days[slot].downloadStale = false
        }
    }

    private func makeDigest() -> LedgerDigest {
        let dayList = days.sorted { $0.day < $1.day }
            .map { LedgerDigest.Day(day: $0.day, latest: $0.latest, lastDownload: $0.downloadRow, rows: $0.attempts.count,
                                    failedRows: $0.failedRows) }
        let groups = failures.map { LedgerDigest.FailureGroup(errorType: $0.key, rows: $0.value.rows, days: $0.value.days.sorted(),
                                                              lastMessage: $0.value.lastMessage) }
            .sorted { ($0.rows, $1.errorType) > ($1.rows, $0.errorType) }
        return LedgerDigest(days: dayList, failures: groups, hours: hours.values.sorted { $0.start < $1.start },
                            rows: rows, rowsWithoutDay: rowsWithoutDay, tornTail: tornTail)
    }

    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        LedgerQuantity.count(String(decoding: bytes, as: UTF8.self))
    }

    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        LedgerQuantity.amount(String(decoding: bytes, as: UTF8.self))
    }
}
