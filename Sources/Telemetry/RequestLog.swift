#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSVCodec
import DurableFiles

/// What the archive answered during each day attempt: the ledger's companion, written beside it as
/// `download_requests.csv` (the ledger keeps the reference tool's 24 columns and nothing else).
/// One row per day attempt, appended when the attempt ends, whatever its outcome.
public struct RequestLog: Sendable {
    /// The file's path.
    public let path: String

    /// The columns, in file order.
    public static let header = ["chunk_date_utc", "started_at_utc", "finished_at_utc", "requests", "answered_2xx",
                                "throttled_429", "refused_4xx", "failed_5xx", "transport_errors", "rate_per_second"]

    /// The request log at `path`.
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
        let file = LockedAppend(path: path)
        try file.append(durably: false) { size throws(LedgerError) in
            var bytes: [UInt8] = []
            if size == 0 {
                CSVWriter.append(fields: Self.header, to: &bytes)
            } else if try !file.endsWithLineFeed(size: size) {
                // A run killed mid-append left part of a row: end it, so this row starts on a line of its own.
                bytes = CSVWriter.lineTerminator
            }
            let c = row.counts
            CSVWriter.append(fields: [row.day, row.startedAt, row.finishedAt, String(c.requests), String(c.answered), String(c.throttled),
                                      String(c.refused), String(c.failed), String(c.transportErrors), String(row.ratePerSecond)], to: &bytes)
            return bytes
        }
    }
}
