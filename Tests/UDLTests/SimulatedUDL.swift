import CSVCodec
import Foundation
import HTTPRetry
import UDL
import UDLSimulator
import UTCDate

/// Shared set-up for tests that download from an in-process simulator over loopback.
enum SimulatedUDL {
    static let day = UTCDay("2025-09-01")!

    /// A simulator configuration at low density with the awkward records switched on; tests run
    /// it with `UDLSimulator.withRunning`, which shuts it down before the test returns.
    static func configuration(_ tweak: (inout UDLSimulatorConfiguration) -> Void = { _ in }) -> UDLSimulatorConfiguration {
        var configuration = UDLSimulatorConfiguration()
        configuration.density = 0.02
        configuration.duplicateFraction = 0.01
        configuration.missingSensorFraction = 0.01
        tweak(&configuration)
        return configuration
    }

    /// Retries quick enough for tests.
    static let quickRetry = RetryPolicy(maxAttempts: 12, baseDelay: .milliseconds(5), maxDelay: .milliseconds(50),
                                           requestTimeout: .seconds(20))

    static func downloader(_ simulator: UDLSimulator, into directory: String, sensorID: String = "ALL",
                           format: DayArtifactFormat = .csv, windowSeconds: Int? = 3_600, maxResults: Int? = nil,
                           retry: RetryPolicy = quickRetry, authorization: String? = nil,
                           controller: AIMDRateController = AIMDRateController(initialRate: 200, maxRate: 1_000),
                           concurrency: Int = 4) -> UDLDayDownloader {
        var settings = UDLDownloadSettings(query: UDLQuery(baseURL: simulator.baseURL, sensorID: sensorID, maxResults: maxResults),
                                           outputDirectory: directory)
        settings.format = format
        settings.windowSeconds = windowSeconds
        settings.retry = retry
        settings.maxConcurrentRequests = concurrency
        return UDLDayDownloader(settings: settings,
                                credential: UDLCredential(authorization: authorization ?? simulator.authorizationHeaderValue),
                                controller: controller)
    }

    /// The ids the archive holds for `day` (one sensor or all), as the UDL would return them.
    static func truth(_ simulator: UDLSimulator, day: UTCDay = day, sensorID: String? = nil) -> [String] {
        let start = day.secondsSinceEpoch * 1000
        return simulator.archive.records(from: start, to: start + 86_399_999, sensorID: sensorID).map(\.id)
    }

    /// The ids in a CSV artifact, in file order, and its header.
    static func csvIDs(_ path: String) throws -> (header: [String], ids: [String], obTimes: [String]) {
        var header: [String] = []
        var ids: [String] = [], times: [String] = []
        var idColumn = 0, timeColumn = 0
        try CSVReader(path: path).forEachRecord { record in
            if header.isEmpty {
                header = record.strings
                idColumn = header.firstIndex(of: "id") ?? 0
                timeColumn = header.firstIndex(of: "obTime") ?? 0
            } else {
                ids.append(record.string(at: idColumn))
                times.append(record.string(at: timeColumn))
            }
        }
        return (header, ids, times)
    }

    /// Names in `directory` that start with "." (spools and partial files).
    static func hiddenEntries(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix(".") }
    }
}
