import FerryErrors
import Foundation
import Logging
import Telemetry
import UTCDate

/// Runs the process phase (seed 002) over a range of days: sequential per day, resumable from the
/// shared ledger's process-phase rows, each step recorded before and after it happens.
public struct ProcessOrchestrator: Sendable {
    public let configuration: ProcessRunConfiguration
    public let processor: any DayProcessor
    /// Required in upload mode.
    public let uploader: (any ProductUploader)?
    public let ledger: Ledger
    let logger: Logger

    public init(configuration: ProcessRunConfiguration, processor: any DayProcessor,
                uploader: (any ProductUploader)?, ledger: Ledger? = nil,
                logger: Logger = Logger(label: "ferry.process")) {
        precondition(!configuration.uploadMode || uploader != nil, "upload mode needs an uploader")
        self.configuration = configuration
        self.processor = processor
        self.uploader = uploader
        self.ledger = ledger ?? Ledger(path: configuration.telemetryPath)
        self.logger = logger
    }

    /// One planned day and what will be done with it.
    public struct PlannedDay: Sendable, Equatable {
        public let day: UTCDay
        public let rule: ProcessAction
        public let reason: String
        /// The latest process-phase row, if any.
        public let prior: LedgerRow?
    }

    /// The plan: a decision per day, cut by `--limit-days` counted from the first day not complete.
    public func plan() throws -> [PlannedDay] {
        let state = try ledger.loadState().processPhase
        return DayLimit.plan(configuration.startDate...configuration.endDate, limit: configuration.limitDays,
                             needsWork: { $0.rule != .skipComplete }) { day in
            let prior = state[day]
            let cdfPath = prior?.cdfPath ?? ""
            let input = ProcessDecisionInput(prior: prior?.parsedStatus, cdfOnDisk: !cdfPath.isEmpty && LedgerFigures.isFile(cdfPath),
                                             uploadMode: configuration.uploadMode, retryFailed: configuration.retryFailed)
            let rule = ProcessDecisionTable.decide(input)
            return PlannedDay(day: day, rule: rule.action, reason: rule.reason, prior: prior)
        }
    }

    /// Runs every planned day; never stops early because one day failed.
    public func run() async throws -> ProcessRunSummary {
        var summary = ProcessRunSummary(runID: UUID().uuidString.lowercased())
        let plan = try plan()
        summary.daysPlanned = plan.count
        let locator = DayArtifactLocator(directory: configuration.inputDirectory, sensorID: configuration.sensorID,
                                         format: configuration.outputFormat)
        for planned in plan {
            if summary.stoppedBy != nil { break }   // e.g. a refused credential: every further day would fail alike
            var log = logger
            log[metadataKey: "day"] = "\(planned.day)"
            if configuration.dryRun {
                log.notice("dry run: would \(planned.rule.rawValue) (\(planned.reason))")
                continue
            }
            switch planned.rule {
            case .skipComplete:
                log.info("skip: \(planned.reason)")
                summary.daysSkippedComplete += 1
            case .skipFailed:
                log.info("skip: \(planned.reason)")
                summary.daysFailed += 1
            case .process:
                guard let input = locator.artifact(for: planned.day) else {
                    log.info("no input artifact \(locator.prefix(for: planned.day))*.\(configuration.outputFormat)")
                    // A day already recorded as lacking input gains nothing from another identical row.
                    if planned.prior?.parsedStatus != .skippedNoInput {
                        try append(status: .skippedNoInput, day: planned.day, runID: summary.runID,
                                   started: LedgerTimestamp.now())
                    }
                    summary.daysSkippedNoInput += 1
                    continue
                }
                summary.daysAttempted += 1
                try await attempt(day: planned.day, input: input, cdfPath: nil, summary: &summary, log: log)
            case .uploadOnly:
                summary.daysAttempted += 1
                try await attempt(day: planned.day, input: nil, cdfPath: planned.prior?.cdfPath,
                                  summary: &summary, log: log)
            }
        }
        return summary
    }

    /// Processes (when `cdfPath` is nil) and uploads (in upload mode) one day, recording each stage.
    private func attempt(day: UTCDay, input: String?, cdfPath: String?, summary: inout ProcessRunSummary,
                         log: Logger) async throws {
        let started = LedgerTimestamp.now()
        var cdf = cdfPath
        var stage = LedgerStatus.processPending
        do {
            if cdf == nil, let input {
                try append(status: .processPending, day: day, runID: summary.runID, started: started)
                let clock = ContinuousClock.now
                let written = try await processor.process(day: day, input: input,
                                                          outputDirectory: configuration.outputDirectory)
                let seconds = ContinuousClock.now - clock
                cdf = written
                summary.daysProcessed += 1
                try append(status: .processed, day: day, runID: summary.runID, started: started, finished: true) {
                    $0.processSeconds = LedgerFigures.seconds(seconds)
                    $0.cdfSizeMB = LedgerFigures.megabytes(of: written)
                    $0.cdfPath = written
                }
                log.info("processed \(input) → \(written) in \(LedgerFigures.seconds(seconds)) s")
            }
            guard configuration.uploadMode, let uploader, let file = cdf else {
                summary.daysCompleted += 1
                return
            }
            stage = .uploadPending
            try append(status: .uploadPending, day: day, runID: summary.runID, started: started) { $0.cdfPath = file }
            let clock = ContinuousClock.now
            let receipt = try await uploader.upload(file: file, day: day)
            let seconds = ContinuousClock.now - clock
            summary.daysUploaded += 1
            summary.daysCompleted += 1
            try append(status: .uploaded, day: day, runID: summary.runID, started: started, finished: true) {
                $0.cdfPath = file
                $0.cdfSizeMB = LedgerFigures.megabytes(of: file)
                $0.uploadSeconds = LedgerFigures.seconds(seconds)
                $0.s3Bucket = receipt.bucket
                $0.s3Key = receipt.key
            }
            log.info("uploaded \(file) → \(receipt.bucket)/\(receipt.key) in \(LedgerFigures.seconds(seconds)) s")
        } catch let error as LedgerError {
            throw error   // the ledger itself is broken: no row can record this, stop the run
        } catch {
            let failure = FerryError(classifying: error)
            summary.daysFailed += 1
            if failure.code.stopsRun { summary.stoppedBy = failure }
            log.error("\(stage == .uploadPending ? "upload" : "processing") failed: \(failure.message)")
            try append(status: .failed, day: day, runID: summary.runID, started: started, finished: true) {
                $0.record(failure)
                // Naming the CDF marks an upload-stage failure: a retry uploads it without re-processing.
                if stage == .uploadPending, let cdf { $0.cdfPath = cdf }
            }
        }
    }

    private func append(status: LedgerStatus, day: UTCDay, runID: String, started: String, finished: Bool = false,
                        _ fill: (inout LedgerRow) -> Void = { _ in }) throws {
        var row = LedgerRow(attemptAt: day, status: status, runID: runID, sensorID: configuration.sensorID,
                            descriptor: configuration.descriptor, outputFormat: configuration.outputFormat,
                            startedAt: started, finished: finished)
        fill(&row)
        try ledger.append(row)
    }
}
