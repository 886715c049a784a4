public import UTCDate

/// Inputs to ``DownloadOrchestrator/run()``: seed 000's `DownloadRunConfig` field for field, plus
/// the UDL base URL. The credential is not here: it never travels with settings that get logged.
public struct DownloadRunConfiguration: Sendable {
    public var startDate: UTCDay
    public var endDate: UTCDay
    public var outputDirectory: String
    public var telemetryPath: String
    public var sensorID = "ALL"
    public var descriptor = "QUICKLOOK"
    /// `csv` or `json`.
    public var outputFormat = "csv"
    public var retryFailed = false
    public var limitDays: Int?
    public var dryRun = false
    /// Wait for a day another run holds instead of leaving it to that run (`--wait`).
    public var waitForBusyDays = false
    public var maxConcurrentRequests = 4
    public var initialRate = 5.0
    public var additiveIncrease = 1.0
    public var multiplicativeDecrease = 0.5
    public var minRate = 5.0
    public var maxRate = 25.0
    public var udlURL = "https://unifieddatalibrary.com"

    public init(startDate: UTCDay, endDate: UTCDay, outputDirectory: String, telemetryPath: String) {
        self.startDate = startDate
        self.endDate = endDate
        self.outputDirectory = outputDirectory
        self.telemetryPath = telemetryPath
    }
}

/// How one day's download ended when it did not fail.
public enum DayDownloadOutcome: Sendable, Equatable {
    /// The artifact is complete on disk.
    case downloaded(path: String, records: Int, bytes: Int64)
    /// The archive holds nothing for the day (seed 000's "no records" signal).
    case noData
}

/// Fetches one day into its artifact; throws when the day fails.
public protocol DayDownloader: Sendable {
    func download(day: UTCDay) async throws -> DayDownloadOutcome
    /// Records a complete day holds: the baseline of the ledger's availability column.
    var expectedRecordsPerDay: Int { get }
    /// Removes the day's temporary files left by runs that died mid-write (the caller holds the
    /// day's lock); returns what it removed, for the log.
    func removeStaleTemporaries(day: UTCDay) -> [String]
}
