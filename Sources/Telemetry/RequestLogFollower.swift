import CSVCodec
import Synchronization

/// Follows a request log as ``LedgerFollower`` follows a ledger: only appended rows are read.
public final class RequestLogFollower: Sendable {
    /// The request log followed.
    public let path: String
    private let state = Mutex(State())

    private struct State {
        var tail = AppendedFileTail()
        var digest = RequestLogDigest()
    }

    /// A follower of the request log at `path` (which need not exist yet).
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
    /// Nothing read yet.
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
        if let hour = Array(finished.utf8).withUnsafeBufferPointer({ UTCHourStart.of($0) }) {
            hours[hour] = (hours[hour] ?? RequestCounts()) + counts
        }
        lastRate = Double(field("rate_per_second")) ?? lastRate
        lastFinishedAt = finished
    }
}
