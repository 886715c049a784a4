public import UTCDate

/// What an operator's view shows of one ledger: each day's latest row and attempt count, failures
/// grouped by error type, throughput per hour. Built and kept current by ``LedgerFollower``.
public struct LedgerDigest: Sendable {
    /// One day of the ledger.
    public struct Day: Sendable {
        public let day: UTCDay
        /// The day's most recent row, whatever its phase (seed 001's rule, as ``LedgerState/latest``).
        public let latest: LedgerRow
        /// The day's last DOWNLOADED row (records, availability, download time), whatever came after it.
        public let lastDownload: LedgerRow?
        /// Rows written for the day.
        public let rows: Int
        /// Of those, rows with status FAILED.
        public let failedRows: Int
    }

    /// The FAILED rows that share an `error_type`.
    public struct FailureGroup: Sendable {
        /// The row's `error_type`, or "unknown" when the row left it empty.
        public let errorType: String
        public let rows: Int
        /// The days those rows are for, in order.
        public let days: [UTCDay]
        /// The most recent `error_message` of the group.
        public let lastMessage: String
    }

    /// What the rows that finished within one UTC hour did.
    public struct HourOfWork: Sendable, Equatable {
        /// The hour's start, in seconds since 1970 (UTC).
        public let start: Int64
        /// Rows that finished in the hour, and how many of them FAILED.
        public var rows = 0
        public var failedRows = 0
        /// Records the hour's DOWNLOADED rows brought, and the seconds their downloads took.
        public var recordsDownloaded: Int64 = 0
        public var downloadSeconds = 0.0
        /// Megabytes of day artifacts (CSV) and CDF files the hour's rows wrote.
        public var megabytesWritten = 0.0

        public init(start: Int64) { self.start = start }

        /// Records per second of download time in the hour; nil when nothing was downloaded.
        public var recordsPerSecond: Double? { downloadSeconds > 0 ? Double(recordsDownloaded) / downloadSeconds : nil }
    }

    /// Every day with at least one row, in order.
    public let days: [Day]
    /// Failure groups, largest first.
    public let failures: [FailureGroup]
    /// Hours in which rows finished, in order.
    public let hours: [HourOfWork]
    /// Data rows read so far (a torn tail excluded).
    public let rows: Int
    /// Rows skipped because their `chunk_date_utc` is not a date.
    public let rowsWithoutDay: Int
    /// Where the file ends in a row still being written or cut off by a crash; nil when it ends cleanly.
    public let tornTail: TornRow?
    /// When the file last changed, in seconds since 1970 (0 when it does not exist yet).
    public internal(set) var modifiedAt = 0.0

    /// The day's entry, if the ledger has rows for it.
    public func day(_ day: UTCDay) -> Day? {
        var low = 0, high = days.count
        while low < high {
            let middle = (low + high) / 2
            if days[middle].day < day { low = middle + 1 } else { high = middle }
        }
        return low < days.count && days[low].day == day ? days[low] : nil
    }

    /// Days by the status of their latest row.
    public var daysByStatus: [String: Int] {
        var counts: [String: Int] = [:]
        for day in days { counts[day.latest.status, default: 0] += 1 }
        return counts
    }

    static let empty = LedgerDigest(days: [], failures: [], hours: [], rows: 0, rowsWithoutDay: 0, tornTail: nil)
}
