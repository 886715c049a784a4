public import FerryErrors

/// Aggregate result of one download run; per-day detail lives in the ledger.
///
/// Seed 000 states `days_planned == days_attempted + days_skipped_existing + days_skipped_no_data
/// + days_failed`, which counts an attempted day twice when it ends in no data or failure. Ferry's
/// invariant, on a run that is not a dry run: every planned day ends in exactly one of downloaded,
/// skipped as existing, no data, failed, or left to another run that holds it (busy), so
/// `daysPlanned == daysDownloaded + daysSkippedExisting + daysSkippedNoData + daysFailed + daysBusy`.
public struct DownloadRunSummary: Sendable, Equatable {
    /// UUID4 stamped on every ledger row this run wrote.
    public var runID: String
    /// Days in the range considered after `--limit-days`.
    public var daysPlanned = 0
    /// Days on which the downloader was invoked, whatever the outcome.
    public var daysAttempted = 0
    public var daysDownloaded = 0
    public var daysSkippedExisting = 0
    /// Days that ended in SKIPPED_NO_DATA now or before.
    public var daysSkippedNoData = 0
    /// Days that failed now, or were skipped because they failed before.
    public var daysFailed = 0
    /// Days another run held (its lock) and this run left to it.
    public var daysBusy = 0
    /// The failure that stopped the run before its remaining days (its code's exit status is 2,
    /// e.g. a refused credential); the days after it are neither attempted nor counted.
    public var stoppedBy: FerryError?
    /// Records written by this run.
    public var recordsDownloaded = 0

    public init(runID: String) {
        self.runID = runID
    }

    /// True when every planned day ended well in this run (exit code 0); a day left to another
    /// run has not ended here.
    public var allEndedWell: Bool { daysFailed == 0 && daysBusy == 0 }
}
