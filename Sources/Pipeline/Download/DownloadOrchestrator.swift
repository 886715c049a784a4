import DurableFiles
import FerryErrors
import Foundation
public import Logging
public import Telemetry
public import UTCDate

/// Runs the download phase (seed 000) over a range of days: sequential per day (concurrency lives
/// inside the day's downloader), resumable from the ledger's download-phase rows, every attempt
/// recorded as DOWNLOAD_PENDING and then its outcome.
public struct DownloadOrchestrator: Sendable {
    public let configuration: DownloadRunConfiguration
    public let downloader: any DayDownloader
    public let ledger: Ledger
    let logger: Logger

    public init(configuration: DownloadRunConfiguration, downloader: any DayDownloader, ledger: Ledger? = nil,
                logger: Logger = Logger(label: "ferry.download")) {
        self.configuration = configuration
        self.downloader = downloader
        self.ledger = ledger ?? Ledger(path: configuration.telemetryPath)
        self.logger = logger
    }

    /// One planned day and what will be done with it.
    public struct PlannedDay: Sendable, Equatable {
        public let day: UTCDay
        public let action: DownloadAction
        public let reason: String
    }

    /// The plan: a decision per day, cut by `--limit-days` counted from the first day not already
    /// downloaded with its artifact on disk (days skipped as existing do not count).
    public func plan() throws -> [PlannedDay] {
        let state = try ledger.loadState().downloadPhase
        return DayLimit.plan(configuration.startDate...configuration.endDate, limit: configuration.limitDays,
                             needsWork: { $0.action != .skipExisting }) { decide($0, state: state) }
    }

    /// The decision table's answer for `day` given the download-phase state.
    func decide(_ day: UTCDay, state: [UTCDay: LedgerRow]) -> PlannedDay {
        let prior = state[day]
        let path = prior?.csvPath ?? ""
        let input = DownloadDecisionInput(prior: prior?.parsedStatus, artifactOnDisk: !path.isEmpty && LedgerFigures.isFile(path),
                                          retryFailed: configuration.retryFailed)
        let rule = DownloadDecisionTable.decide(input)
        return PlannedDay(day: day, action: rule.action, reason: rule.reason)
    }

    /// Runs every planned day; one day failing never stops the range. A day that needs work is
    /// done under its lock and decided again once the lock is held, so two runs sharing the
    /// ledger never download the same day at once, and the second sees what the first did.
    public func run() async throws -> DownloadRunSummary {
        var summary = DownloadRunSummary(runID: UUID().uuidString.lowercased())
        if !configuration.dryRun {
            try FileManager.default.createDirectory(atPath: configuration.outputDirectory, withIntermediateDirectories: true)
        }
        let plan = try plan()
        summary.daysPlanned = plan.count
        let recorder = AttemptRecorder(ledger: ledger, runID: summary.runID, sensorID: configuration.sensorID,
                                       descriptor: configuration.descriptor, outputFormat: configuration.outputFormat)
        let locks = DayLocks(ledgerPath: ledger.path)
        for planned in plan {
            if summary.stoppedBy != nil { break }   // e.g. a refused credential: every further day would fail alike
            var log = logger
            log[metadataKey: "day"] = "\(planned.day)"
            if configuration.dryRun {
                log.notice("dry run: would \(planned.action == .download ? "download" : "skip") (\(planned.reason))")
                continue
            }
            guard let (decision, lock) = try await locks.claim(
                planned, day: planned.day, phase: .download, needsWork: planned.action == .download,
                wait: configuration.waitForBusyDays, decideAgain: { decide(planned.day, state: try ledger.loadState().downloadPhase) })
            else {
                summary.daysBusy += 1
                log.warning("busy: another ferry run is downloading this day; left to it (--wait waits for it)")
                continue
            }
            defer { lock?.release() }
            switch decision.action {
            case .skipExisting:
                log.info("skip: \(decision.reason)")
                summary.daysSkippedExisting += 1
            case .skipNoData:
                log.info("skip: \(decision.reason)")
                summary.daysSkippedNoData += 1
            case .skipFailed:
                log.info("skip: \(decision.reason)")
                summary.daysFailed += 1
            case .download:
                let removed = downloader.removeStaleTemporaries(day: planned.day)
                if !removed.isEmpty { log.warning("removed what a killed run left: \(removed.joined(separator: ", "))") }
                summary.daysAttempted += 1
                try await attempt(planned.day, recorder: recorder, summary: &summary, log: log)
            }
        }
        return summary
    }

    private func attempt(_ day: UTCDay, recorder: AttemptRecorder, summary: inout DownloadRunSummary,
                         log: Logger) async throws {
        let started = LedgerTimestamp.now()
        try await recorder.record(.downloadPending, day: day, started: started)
        let clock = ContinuousClock.now
        do {
            let outcome = try await downloader.download(day: day)
            let seconds = ContinuousClock.now - clock
            let expected = downloader.expectedRecordsPerDay
            switch outcome {
            case let .downloaded(path, records, bytes):
                try await recorder.record(.downloaded, day: day, started: started, finished: true) {
                    $0.recordsDownloaded = "\(records)"
                    $0.expectedRecords = "\(expected)"
                    $0.availabilityPct = String(format: "%.4f", expected > 0 ? Double(records) / Double(expected) * 100 : 0)
                    $0.downloadSeconds = LedgerFigures.seconds(seconds)
                    $0.csvSizeMB = String(format: "%.3f", Double(bytes) / 1_048_576)
                    $0.csvPath = path
                }
                summary.daysDownloaded += 1
                summary.recordsDownloaded += records
                log.info("downloaded \(records) records → \(path) in \(LedgerFigures.seconds(seconds)) s")
            case .noData:
                try await recorder.record(.skippedNoData, day: day, started: started, finished: true) {
                    $0.recordsDownloaded = "0"
                    $0.expectedRecords = "\(expected)"
                    $0.downloadSeconds = LedgerFigures.seconds(seconds)
                }
                summary.daysSkippedNoData += 1
                log.info("no data in the UDL for this day")
            }
        } catch let error as LedgerError {
            throw error   // the ledger itself is broken: no row can record this, stop the run
        } catch {
            let seconds = ContinuousClock.now - clock
            summary.daysFailed += 1
            let failure = FerryError(classifying: error)
            if failure.code.stopsRun { summary.stoppedBy = failure }
            log.error("download failed: \(failure.message)")
            try await recorder.record(.failed, day: day, started: started, finished: true) {
                $0.record(failure)
                $0.downloadSeconds = LedgerFigures.seconds(seconds)
            }
        }
    }
}
