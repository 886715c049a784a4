public import Telemetry

/// What the process phase does with one day.
public enum ProcessAction: String, Sendable, Equatable {
    /// Build the CDF from the day's download artifact (then upload it in upload mode).
    case process
    /// The CDF is on disk already: upload it only.
    case uploadOnly
    /// The day is complete for this mode; nothing to do.
    case skipComplete
    /// The latest attempt failed and `--retry-failed` was not given.
    case skipFailed
}

/// The facts one decision depends on.
public struct ProcessDecisionInput: Sendable, Equatable {
    /// The day's latest process-phase status; nil when the day has no process-phase row
    /// (download-phase rows do not count, seed 002).
    public var prior: LedgerStatus?
    /// Whether the CDF named by the latest process-phase row exists.
    public var cdfOnDisk: Bool
    public var uploadMode: Bool
    public var retryFailed: Bool

    public init(prior: LedgerStatus?, cdfOnDisk: Bool, uploadMode: Bool, retryFailed: Bool) {
        self.prior = prior
        self.cdfOnDisk = cdfOnDisk
        self.uploadMode = uploadMode
        self.retryFailed = retryFailed
    }
}

/// One row of the resume table: a pattern over the facts (nil matches anything) and its action.
public struct ProcessRule: Sendable {
    /// `.some(nil)` matches "no process-phase row"; `nil` matches any prior.
    public let prior: LedgerStatus??
    public let cdfOnDisk: Bool?
    public let uploadMode: Bool?
    public let retryFailed: Bool?
    public let action: ProcessAction
    /// Why, as logged for the day.
    public let reason: String

    func matches(_ input: ProcessDecisionInput) -> Bool {
        (prior == nil || prior! == input.prior)
            && (cdfOnDisk == nil || cdfOnDisk == input.cdfOnDisk)
            && (uploadMode == nil || uploadMode == input.uploadMode)
            && (retryFailed == nil || retryFailed == input.retryFailed)
    }
}

/// Seed 002's restart semantics as data; the first matching rule decides.
public enum ProcessDecisionTable {
    public static let rules: [ProcessRule] = [
        ProcessRule(prior: .some(nil), cdfOnDisk: nil, uploadMode: nil, retryFailed: nil,
                    action: .process, reason: "no process-phase row yet"),
        ProcessRule(prior: .uploaded, cdfOnDisk: nil, uploadMode: nil, retryFailed: nil,
                    action: .skipComplete, reason: "already uploaded"),
        ProcessRule(prior: .processed, cdfOnDisk: true, uploadMode: true, retryFailed: nil,
                    action: .uploadOnly, reason: "processed, CDF on disk, not uploaded yet"),
        ProcessRule(prior: .processed, cdfOnDisk: true, uploadMode: false, retryFailed: nil,
                    action: .skipComplete, reason: "already processed"),
        ProcessRule(prior: .processed, cdfOnDisk: false, uploadMode: nil, retryFailed: nil,
                    action: .process, reason: "processed but the CDF is gone: re-processing"),
        ProcessRule(prior: .uploadPending, cdfOnDisk: true, uploadMode: true, retryFailed: nil,
                    action: .uploadOnly, reason: "upload was interrupted: uploading again"),
        // Without --upload-to-s3 there is nothing to upload with; the CDF itself is complete.
        ProcessRule(prior: .uploadPending, cdfOnDisk: true, uploadMode: false, retryFailed: nil,
                    action: .skipComplete, reason: "CDF on disk; upload was interrupted (rerun with --upload-to-s3)"),
        ProcessRule(prior: .uploadPending, cdfOnDisk: false, uploadMode: nil, retryFailed: nil,
                    action: .process, reason: "upload was interrupted and the CDF is gone: re-processing"),
        ProcessRule(prior: .processPending, cdfOnDisk: nil, uploadMode: nil, retryFailed: nil,
                    action: .process, reason: "processing was interrupted: re-processing"),
        ProcessRule(prior: .failed, cdfOnDisk: nil, uploadMode: nil, retryFailed: false,
                    action: .skipFailed, reason: "failed before (use --retry-failed)"),
        // A FAILED row naming a CDF failed in the upload stage: the CDF is complete, upload only.
        ProcessRule(prior: .failed, cdfOnDisk: true, uploadMode: true, retryFailed: true,
                    action: .uploadOnly, reason: "retrying a failed upload of the CDF on disk"),
        ProcessRule(prior: .failed, cdfOnDisk: nil, uploadMode: nil, retryFailed: true,
                    action: .process, reason: "retrying a failed day"),
        ProcessRule(prior: .skippedNoInput, cdfOnDisk: nil, uploadMode: nil, retryFailed: nil,
                    action: .process, reason: "no input before: looking again"),
    ]

    /// The action for `input`: the first rule that matches.
    public static func decide(_ input: ProcessDecisionInput) -> ProcessRule {
        rules.first { $0.matches(input) }
            ?? ProcessRule(prior: nil, cdfOnDisk: nil, uploadMode: nil, retryFailed: nil,
                           action: .process, reason: "unrecognised prior status: re-processing")
    }
}
