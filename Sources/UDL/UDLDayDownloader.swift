public import AsyncHTTPClient
import DurableFiles
public import HTTPRetry
public import Logging
import REACHMission
public import UTCDate

/// Settings of a day download that stay fixed for a run.
public struct UDLDownloadSettings: Sendable {
    public var query: UDLQuery
    public var outputDirectory: String
    public var format: DayArtifactFormat = .csv
    /// Window length; nil for the reference's (5 minutes for ALL, 6 hours for one sensor).
    public var windowSeconds: Int?
    /// Requests in flight at once (the reference's `max_concurrent_requests`).
    public var maxConcurrentRequests = 4
    public var retry = RetryPolicy.udlDefault

    public init(query: UDLQuery, outputDirectory: String) {
        self.query = query
        self.outputDirectory = outputDirectory
    }
}

/// How a day's download ended when it did not fail.
public enum UDLDayOutcome: Sendable, Equatable {
    /// The artifact is on disk, complete.
    case downloaded(path: String, records: Int, bytes: Int64)
    /// The UDL holds no record for the day: no artifact is written.
    case noData
}

/// Progress of the day in flight, reported after each window.
public struct UDLDownloadProgress: Sendable {
    public let day: UTCDay
    public let windowsDone: Int
    public let windowsTotal: Int
    public let records: Int
    /// The controller's current rate, requests per second.
    public let rate: Double
}

/// Downloads one UTC day of records into its artifact: windows tiling the day exactly, fetched
/// concurrently under the shared rate controller, spooled, then joined in time order.
public struct UDLDayDownloader: Sendable {
    public let settings: UDLDownloadSettings
    let fetcher: UDLWindowFetcher
    let logger: Logger
    let progress: (@Sendable (UDLDownloadProgress) -> Void)?

    /// The pacing controller the days share (its rate is the request log's `rate_per_second`).
    public var controller: AIMDRateController { fetcher.controller }
    /// Where requests are counted, if anywhere.
    public var counter: UDLRequestCounter? { fetcher.counter }

    public init(settings: UDLDownloadSettings, credential: UDLCredential, controller: AIMDRateController,
                client: HTTPClient = .shared, logger: Logger = Logger(label: "ferry.download"),
                counter: UDLRequestCounter? = nil, progress: (@Sendable (UDLDownloadProgress) -> Void)? = nil) {
        self.settings = settings
        fetcher = UDLWindowFetcher(client: client, query: settings.query, credential: credential, controller: controller,
                                   retry: settings.retry, logger: logger, counter: counter)
        self.logger = logger
        self.progress = progress
    }

    /// The artifact's file name, as the reference names it.
    public static func artifactName(day: UTCDay, sensorID: String, format: DayArtifactFormat) -> String {
        REACHDayArtifactName.fileName(sensorID: sensorID, day: day, format: format.rawValue)
    }

    /// Removes the day's spools and partial artifacts left by runs that died mid-download; call
    /// only while holding the day's lock. Returns the names removed.
    @discardableResult
    public func removeStaleTemporaries(day: UTCDay) -> [String] {
        StaleTemporaries.remove(in: settings.outputDirectory,
                                finalNamePrefix: REACHDayArtifactName.prefix(sensorID: settings.query.sensorID, day: day))
    }

    /// The windows the day is cut into.
    public func windows(for day: UTCDay) -> [UDLWindow] {
        UDLWindow.tiling(day, windowSeconds: settings.windowSeconds ?? UDLWindow.defaultSeconds(sensorID: settings.query.sensorID))
    }

    /// Downloads `day` (by default in ``windows(for:)``, or in the `windows` given, in time order);
    /// a window that still fails after its retries fails the day (throws).
    public func download(day: UTCDay, windows: [UDLWindow]? = nil) async throws -> UDLDayOutcome {
        let name = Self.artifactName(day: day, sensorID: settings.query.sensorID, format: settings.format)
        let spool = try DaySpool(outputDirectory: settings.outputDirectory, artifactName: name)
        defer { spool.remove() }
        let windows = windows ?? self.windows(for: day)
        var fetched: [[UDLWindowFetcher.SpooledWindow]?] = Array(repeating: nil, count: windows.count)
        var done = 0, records = 0
        try await withThrowingTaskGroup(of: (Int, [UDLWindowFetcher.SpooledWindow]).self) { group in
            var next = 0
            func launch() {
                let index = next, window = windows[index]
                next += 1
                group.addTask { (index, try await fetcher.fetch(window, into: spool)) }
            }
            while next < min(windows.count, max(1, settings.maxConcurrentRequests)) { launch() }
            while let (index, parts) = try await group.next() {
                fetched[index] = parts
                done += 1
                records += parts.reduce(0) { $0 + $1.records }
                if let progress {
                    progress(UDLDownloadProgress(day: day, windowsDone: done, windowsTotal: windows.count, records: records,
                                                 rate: await fetcher.controller.rate))
                }
                if next < windows.count { launch() }
            }
        }
        let ordered = fetched.flatMap { $0 ?? [] }
        guard records > 0 else { return .noData }
        var header = KeyUnion()
        for part in ordered { header.merge(part.keys) }
        let path = settings.outputDirectory + "/" + name
        let written = try DayArtifactWriter(path: path, format: settings.format).write(ordered, header: header.names)
        if written.duplicatesDropped > 0 {
            logger.info("dropped \(written.duplicatesDropped) records served twice", metadata: ["day": "\(day)"])
        }
        return .downloaded(path: path, records: written.records, bytes: written.bytes)
    }
}
