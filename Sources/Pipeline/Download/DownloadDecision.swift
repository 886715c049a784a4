public import Telemetry

/// What the download phase does with one day.
public enum DownloadAction: String, Sendable, Equatable {
    /// Fetch the day from the UDL.
    case download
    /// A DOWNLOADED row exists and its artifact is on disk.
    case skipExisting
    /// The UDL held no data for the day before (terminal).
    case skipNoData
    /// The latest attempt failed and `--retry-failed` was not given.
    case skipFailed
}

/// The facts one decision depends on.
public struct DownloadDecisionInput: Sendable, Equatable {
    /// The day's latest download-phase status; nil when it has none (seed 002: download only
    /// consults download-phase statuses).
    public var prior: LedgerStatus?
    /// Whether the artifact named by the latest row's `csv_path` exists.
    public var artifactOnDisk: Bool
    public var retryFailed: Bool

    public init(prior: LedgerStatus?, artifactOnDisk: Bool, retryFailed: Bool) {
        self.prior = prior
        self.artifactOnDisk = artifactOnDisk
        self.retryFailed = retryFailed
    }
}

/// One row of the resume table: a pattern over the facts (nil matches anything) and its action.
public struct DownloadRule: Sendable {
    /// `.some(nil)` matches "no download-phase row"; `nil` matches any prior.
    public let prior: LedgerStatus??
    public let artifactOnDisk: Bool?
    public let retryFailed: Bool?
    public let action: DownloadAction
    /// Why, as logged for the day.
    public let reason: String

    func matches(_ input: DownloadDecisionInput) -> Bool {
        (prior == nil || prior! == input.prior)
            && (artifactOnDisk == nil || artifactOnDisk == input.artifactOnDisk)
            && (retryFailed == nil || retryFailed == input.retryFailed)
    }
}

/// Seed 000's `_decide_action` as data; the first matching rule decides.
public enum DownloadDecisionTable {
    public static let rules: [DownloadRule] = [
        DownloadRule(prior: .some(nil), artifactOnDisk: nil, retryFailed: nil,
                     action: .download, reason: "no download-phase row yet"),
        DownloadRule(prior: .downloaded, artifactOnDisk: true, retryFailed: nil,
                     action: .skipExisting, reason: "already downloaded, artifact on disk"),
        DownloadRule(prior: .downloaded, artifactOnDisk: false, retryFailed: nil,
                     action: .download, reason: "downloaded before but the artifact is gone: downloading again"),
        DownloadRule(prior: .skippedNoData, artifactOnDisk: nil, retryFailed: nil,
                     action: .skipNoData, reason: "the UDL had no data for this day"),
        DownloadRule(prior: .failed, artifactOnDisk: nil, retryFailed: false,
                     action: .skipFailed, reason: "failed before (use --retry-failed)"),
        DownloadRule(prior: .failed, artifactOnDisk: nil, retryFailed: true,
                     action: .download, reason: "retrying a failed day"),
        DownloadRule(prior: .downloadPending, artifactOnDisk: nil, retryFailed: nil,
                     action: .download, reason: "an earlier attempt was interrupted: downloading again"),
    ]

    /// The action for `input`: the first rule that matches.
    public static func decide(_ input: DownloadDecisionInput) -> DownloadRule {
        rules.first { $0.matches(input) }
            ?? DownloadRule(prior: nil, artifactOnDisk: nil, retryFailed: nil,
                            action: .download, reason: "unrecognised prior status: downloading")
    }
}
