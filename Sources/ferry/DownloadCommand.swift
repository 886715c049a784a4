import ArgumentParser
import Foundation
import Logging
import Pipeline
import Telemetry
import UDL
import UTCDate
import HTTPRetry

/// `ferry download`: UDL records → one artifact per UTC day (seed 000), resumably.
struct DownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download REACH records from the UDL into one artifact per UTC day.",
        discussion: """
            Sequential per day and resumable from the ledger: a rerun only attempts days not \
            already downloaded (with their artifact on disk). Each day is cut into windows that \
            tile it exactly (5 minutes for ALL, 6 hours for one sensor), fetched concurrently \
            under one AIMD rate controller, retried with backoff, and joined in time order into \
            {REACH-ALL|REACH-n}_YYYYMMDDT000000_YYYYMMDDT000000.{csv|json}, written under a \
            temporary name and renamed. Per day: DOWNLOAD_PENDING, then DOWNLOADED, \
            SKIPPED_NO_DATA (the UDL holds nothing) or FAILED with the error.

            Credential: BASICAUTH (the Authorization value, sent verbatim, e.g. 'Basic …'), else \
            SECRET_ARN_UDL naming an AWS Secrets Manager secret {"basicauth": …} (endpoint from \
            AWS_ENDPOINT_URL_SECRETS_MANAGER or AWS_ENDPOINT_URL). It never appears in output.
            Exit codes: 0 every planned day ended well, 1 some day failed, 2 configuration or \
            authentication error.
            """
    )

    @OptionGroup var days: DayRangeOptions

    @Option(help: "Directory the day artifacts are written to (created if missing).")
    var outputDir: String

    @Option(help: "The append-only ledger (default: <output-dir>/download_telemetry.csv).")
    var telemetryFile: String?

    @Option(help: "Requests in flight at once.")
    var maxConcurrentRequests = 4

    @Option(help: "Starting request rate, requests/s.")
    var initialRate = 5.0

    @Option(help: "Rate added after each successful request, requests/s.")
    var additiveIncrease = 1.0

    @Option(help: "Factor applied to the rate on congestion (429, connection error, timeout).")
    var multiplicativeDecrease = 0.5

    @Option(help: "Lowest request rate, requests/s.")
    var minRate = 5.0

    @Option(help: "Highest request rate, requests/s.")
    var maxRate = 25.0

    @Option(help: "UDL base URL.")
    var udlURL = "https://unifieddatalibrary.com"

    @Option(help: ArgumentHelp("Window length in seconds (default: 300 for ALL, 21600 for one sensor).", visibility: .hidden))
    var windowSeconds: Int?

    @Option(help: ArgumentHelp("Ask for at most N records per query; fuller answers are split.", visibility: .hidden))
    var maxResults: Int?

    @Option(help: ArgumentHelp("Seconds before an unanswered request counts as a timeout.", visibility: .hidden))
    var requestTimeout = 120.0

    @Option(help: ArgumentHelp("Base backoff before a retry, seconds (doubles per retry, jittered).", visibility: .hidden))
    var retryBaseDelay = 1.0

    @Option(help: ArgumentHelp("Pacing policy: adaptive (Ferry's) or reference (the seed's plain AIMD).", visibility: .hidden))
    var pacing = "adaptive"

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard maxConcurrentRequests >= 1 else { throw ValidationError("--max-concurrent-requests must be at least 1") }
        guard minRate > 0, maxRate >= minRate else { throw ValidationError("--min-rate must be > 0 and at most --max-rate") }
        guard initialRate > 0, additiveIncrease >= 0 else { throw ValidationError("--initial-rate must be > 0 and --additive-increase ≥ 0") }
        guard multiplicativeDecrease > 0, multiplicativeDecrease <= 1 else {
            throw ValidationError("--multiplicative-decrease must be in (0, 1]")
        }
        guard udlURL.hasPrefix("http://") || udlURL.hasPrefix("https://") else {
            throw ValidationError("--udl-url must be an http:// or https:// URL, not '\(udlURL)'")
        }
        guard AIMDRateController.Policy(rawValue: pacing) != nil else { throw ValidationError("--pacing must be adaptive or reference") }
        if let windowSeconds, !(1...86_400).contains(windowSeconds) {
            throw ValidationError("--window-seconds must be between 1 and 86400")
        }
    }

    func run() async throws {
        logging.bootstrap()
        let logger = Logger(label: "ferry.download")
        var configuration = DownloadRunConfiguration(
            startDate: days.startDate, endDate: days.endDate, outputDirectory: absolute(outputDir),
            telemetryPath: telemetryFile ?? outputDir + "/download_telemetry.csv")
        configuration.sensorID = days.sensorID
        configuration.descriptor = days.descriptor
        configuration.outputFormat = days.outputFormat
        configuration.retryFailed = days.retryFailed
        configuration.limitDays = days.limitDays
        configuration.dryRun = days.dryRun
        configuration.waitForBusyDays = days.wait
        configuration.maxConcurrentRequests = maxConcurrentRequests
        configuration.initialRate = initialRate
        configuration.additiveIncrease = additiveIncrease
        configuration.multiplicativeDecrease = multiplicativeDecrease
        configuration.minRate = minRate
        configuration.maxRate = maxRate
        configuration.udlURL = udlURL

        // Resolved before any work: a missing credential is a configuration error (exit 2).
        var credential = UDLCredential(authorization: "")
        if !days.dryRun {
            do {
                let (resolved, source) = try await UDLCredential.resolve()
                credential = resolved
                logger.info("UDL credential from \(source.rawValue)")
            } catch {
                throw CommandFailure.configuration("\(error)")
            }
        }
        var settings = UDLDownloadSettings(query: UDLQuery(baseURL: udlURL, descriptor: days.descriptor, sensorID: days.sensorID,
                                                           maxResults: maxResults),
                                           outputDirectory: configuration.outputDirectory)
        settings.format = DayArtifactFormat(rawValue: days.outputFormat) ?? .csv
        settings.windowSeconds = windowSeconds
        settings.maxConcurrentRequests = maxConcurrentRequests
        settings.retry.baseDelay = .milliseconds(Int64(retryBaseDelay * 1000))
        settings.retry.requestTimeout = .milliseconds(Int64(requestTimeout * 1000))
        let controller = AIMDRateController(policy: AIMDRateController.Policy(rawValue: pacing) ?? .adaptive,
                                            initialRate: initialRate, additiveIncrease: additiveIncrease,
                                            multiplicativeDecrease: multiplicativeDecrease, minRate: minRate, maxRate: maxRate)
        let display = DownloadProgressDisplay()
        let downloader = UDLDayDownloader(settings: settings, credential: credential, controller: controller, logger: logger,
                                          counter: UDLRequestCounter(), progress: { display.report($0) })
        let orchestrator = DownloadOrchestrator(configuration: configuration,
                                                downloader: UDLDayDownloaderAdapter(downloader: downloader,
                                                                                    requestLog: RequestLog.beside(ledgerPath: configuration.telemetryPath),
                                                                                    logger: logger), logger: logger)
        let summary: DownloadRunSummary
        do {
            if days.dryRun {
                for planned in try orchestrator.plan() {
                    print("\(planned.day)  \(planned.action.rawValue)  (\(planned.reason))")
                }
            }
            summary = try await orchestrator.run()
        } catch let error as LedgerError {
            throw CommandFailure.configuration("\(error)")
        }
        if days.dryRun { return }
        print("download: \(summary.daysPlanned) planned, \(summary.daysDownloaded) downloaded (\(summary.recordsDownloaded) records), "
              + "\(summary.daysSkippedExisting) already downloaded, \(summary.daysSkippedNoData) without data, "
              + "\(summary.daysFailed) failed, \(summary.daysBusy) left to another run (run \(summary.runID))")
        if let stop = summary.stoppedBy { throw CommandFailure.stopped(by: stop) }
        if !summary.allEndedWell { throw ExitCode(CommandFailure.someUnitFailedExitCode) }
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
