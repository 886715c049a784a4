#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSVCodec
import Synchronization

/// What the archive answered during each day attempt: the ledger's companion, written beside it as
/// `download_requests.csv` (the ledger keeps the reference tool's 24 columns and nothing else).
/// One row per day attempt, appended when the attempt ends, whatever its outcome.
public struct RequestLog: Sendable {
    public let path: String

    /// The columns, in file order.
    public static let header = ["chunk_date_utc", "started_at_utc", "finished_at_utc", "requests", "answered_2xx",
                                "throttled_429", "refused_4xx", "failed_5xx", "transport_errors", "rate_per_second"]

    public init(path: String) {
        self.path = path
    }

    /// The request log that belongs to the ledger at `ledgerPath`: `download_requests.csv` in its folder.
    public static func beside(ledgerPath: String) -> RequestLog {
        let folder = ledgerPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return RequestLog(path: (folder.isEmpty && !ledgerPath.hasPrefix("/") ? "." : folder) + "/download_requests.csv")
    }

    /// One day attempt's requests.
    public struct Row: Sendable, Equatable {
        public var day: String
        public var startedAt: String
        public var finishedAt: String
        public var counts: RequestCounts
        /// The pacing controller's rate when the attempt ended, requests per second.
        public var ratePerSecond: Double

        public init(day: String, startedAt: String, finishedAt: String, counts: RequestCounts, ratePerSecond: Double) {
            self.day = day
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.counts = counts
            self.ratePerSecond = ratePerSecond
        }
    }

    /// Appends `row` under the same advisory lock discipline as the ledger: one `write` on an
    /// `O_APPEND` descriptor, so rows of concurrent runs never interleave.
    public func append(_ row: Row) throws(LedgerError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, operation: "open", reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .io(path: path, operation: "lock", reason: String(cString: strerror(errno))) }
        }
        defer { flock(fd, LOCK_UN) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, operation: "stat", reason: String(cString: strerror(errno))) }
        var bytes: [UInt8] = []
        if info.st_size == 0 { CSVWriter.append(fields: Self.header, to: &bytes) }
        let c = row.counts
        CSVWriter.append(fields: [row.day, row.startedAt, row.finishedAt, String(c.requests), String(c.answered), String(c.throttled),
                                  String(c.refused), String(c.failed), String(c.transportErrors), String(row.ratePerSecond)], to: &bytes)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw .io(path: path, operation: "write", reason: String(cString: strerror(errno))) }
    }
}

/// Requests by how they ended.
public struct RequestCounts: Sendable, Equatable {
    public var answered = 0
    public var throttled = 0
    public var refused = 0
    public var failed = 0
    public var transportErrors = 0

    public init() {}

    /// Counts from outcomes named as the UDL client names them: an HTTP status ("200", "429") or "transport".
    public init(outcomes: [String: Int]) {
        for (outcome, count) in outcomes {
            switch Int(outcome) {
            case .some(200..<300): answered += count
            case .some(429): throttled += count
            case .some(400..<500): refused += count
            case .some: failed += count
            case .none: transportErrors += count
            }
        }
    }

    public var requests: Int { answered + throttled + refused + failed + transportErrors }

    /// The counts as the metrics label them.
    public var byOutcome: [(outcome: String, count: Int)] {
        [("2xx", answered), ("429", throttled), ("4xx", refused), ("5xx", failed), ("transport", transportErrors)]
    }

    public static func + (a: RequestCounts, b: RequestCounts) -> RequestCounts {
        var sum = a
        sum.answered += b.answered
        sum.throttled += b.throttled
        sum.refused += b.refused
        sum.failed += b.failed
        sum.transportErrors += b.transportErrors
        return sum
    }
}

/// Follows a request log as ``LedgerFollower`` follows a ledger: only appended rows are read.
public final class RequestLogFollower: Sendable {
    public let path: String
    private let state = Mutex(State())

    private struct State {
        var tail = AppendedFileTail()
        var digest = RequestLogDigest()
    }

    public init(path: String) {
        self.path = path
    }

    /// Reads what was appended since the last call; the digest of the whole file (empty when it does not exist).
    public func refresh() throws(LedgerError) -> RequestLogDigest {
        try state.withLock { state throws(LedgerError) -> RequestLogDigest in
            while true {
                var tail = state.tail
                var digest = state.digest
                let progress: AppendedFileTail.Progress
                do {
                    progress = try tail.advance(path: path) { names, record in digest.fold(names: names, record) }
                } catch {
                    throw .io(path: path, operation: "read", reason: "\(error)")
                }
                if progress == .appended {
                    state.tail = tail
                    state.digest = digest
                    return digest
                }
                state = State()
                state.tail = tail
                if progress == .missing { return state.digest }
            }
        }
    }
}

/// What a request log adds up to.
public struct RequestLogDigest: Sendable {
    public init() {}

    /// Every attempt's counts together.
    public private(set) var total = RequestCounts()
    /// Counts by the UTC hour in which their attempts finished (hour start in seconds since 1970).
    public private(set) var hours: [Int64: RequestCounts] = [:]
    /// The rate when the most recently written attempt ended, and when that was.
    public private(set) var lastRate: Double?
    public private(set) var lastFinishedAt: String?

    mutating func fold(names: [String], _ record: CSVRecord) {
        func field(_ name: String) -> String {
            guard let index = names.firstIndex(of: name), index < record.count else { return "" }
            return record.string(at: index)
        }
        var counts = RequestCounts()
        counts.answered = Int(field("answered_2xx")) ?? 0
        counts.throttled = Int(field("throttled_429")) ?? 0
        counts.refused = Int(field("refused_4xx")) ?? 0
        counts.failed = Int(field("failed_5xx")) ?? 0
        counts.transportErrors = Int(field("transport_errors")) ?? 0
        total = total + counts
        let finished = field("finished_at_utc")
        if let hour = Array(finished.utf8).withUnsafeBufferPointer({ LedgerHour.start(of: $0) }) {
            hours[hour] = (hours[hour] ?? RequestCounts()) + counts
        }
        lastRate = Double(field("rate_per_second")) ?? lastRate
        lastFinishedAt = finished
    }
}
