public import FerryErrors

/// Aggregate result of one process run; per-day detail lives in the ledger.
///
/// On a run that is not a dry run, every planned day ends in exactly one of: completed,
/// skipped as complete, skipped for lack of input, failed, or left to another run that holds it, so
/// `daysPlanned == daysCompleted + daysSkippedComplete + daysSkippedNoInput + daysFailed + daysBusy`.
public struct ProcessRunSummary: Sendable, Equatable {
    public var runID: String
    /// Days in the range considered after `--limit-days`.
    public var daysPlanned = 0
    /// Days on which processing or uploading was started.
    public var daysAttempted = 0
    /// CDFs written by this run.
    public var daysProcessed = 0
    /// CDFs uploaded by this run.
    public var daysUploaded = 0
    /// Days that reached the mode's terminal status (PROCESSED locally, UPLOADED in upload mode) in this run.
    public var daysCompleted = 0
    /// Days already complete before this run.
    public var daysSkippedComplete = 0
    /// Days with no download artifact in the input directory.
    public var daysSkippedNoInput = 0
    /// Days that failed in this run, or were skipped because they failed before (without --retry-failed).
    public var daysFailed = 0
    /// Days another run held (its lock) and this run left to it.
    public var daysBusy = 0
    /// The failure that stopped the run before its remaining days (its code's exit status is 2,
    /// e.g. a refused credential); the days after it are neither attempted nor counted.
    public var stoppedBy: FerryError?

    public init(runID: String) {
        self.runID = runID
    }

    /// True when every planned day ended well in this run (exit code 0); a day left to another
    /// run has not ended here.
    public var allEndedWell: Bool { daysFailed == 0 && daysBusy == 0 }
}
