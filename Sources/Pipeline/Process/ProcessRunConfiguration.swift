public import UTCDate

/// Inputs to ``ProcessOrchestrator/run()``: the `ferry process` flags, one for one.
public struct ProcessRunConfiguration: Sendable {
    public var startDate: UTCDay
    public var endDate: UTCDay
    /// Where the download phase left the day artifacts.
    public var inputDirectory: String
    /// Where CDFs are written (under `l1c/prelim/YYYY/MM/DD/`).
    public var outputDirectory: String
    public var telemetryPath: String
    /// `ALL` or `REACH-<n>`: selects the artifact file name pattern.
    public var sensorID: String = "ALL"
    public var descriptor: String = "QUICKLOOK"
    /// Format of the input artifacts: `csv` or `json`.
    public var outputFormat: String = "csv"
    public var retryFailed = false
    public var limitDays: Int?
    public var dryRun = false
    /// Wait for a day another run holds instead of leaving it to that run (`--wait`).
    public var waitForBusyDays = false
    /// Set in upload mode: where CDFs go. `UPLOADED` is then the terminal status, else `PROCESSED`.
    public var uploadBucket: String?

    public init(startDate: UTCDay, endDate: UTCDay, inputDirectory: String, outputDirectory: String,
                telemetryPath: String) {
        self.startDate = startDate
        self.endDate = endDate
        self.inputDirectory = inputDirectory
        self.outputDirectory = outputDirectory
        self.telemetryPath = telemetryPath
    }

    public var uploadMode: Bool { uploadBucket != nil }
}

/// Turns one day's download artifact into a science file.
public protocol DayProcessor: Sendable {
    /// The day's input file in `inputDirectory`, or nil when there is none.
    func input(for day: UTCDay, in inputDirectory: String) -> String?
    /// What the day's input would be called, for the log when it is missing.
    func inputPattern(for day: UTCDay) -> String
    /// Writes the day's product under `outputDirectory` and returns its path.
    func process(day: UTCDay, input: String, outputDirectory: String) async throws -> String
    /// Removes the day's temporary files left under `outputDirectory` by runs that died mid-write
    /// (the caller holds the day's lock); returns what it removed, for the log.
    func removeStaleTemporaries(day: UTCDay, outputDirectory: String) -> [String]
}

/// Stores a finished product somewhere durable.
public protocol ProductUploader: Sendable {
    /// Uploads `file` for `day`; returns where it landed.
    func upload(file: String, day: UTCDay) async throws -> UploadReceipt
}

/// Where an upload landed.
public struct UploadReceipt: Sendable, Equatable {
    public let bucket: String
    public let key: String

    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }
}
