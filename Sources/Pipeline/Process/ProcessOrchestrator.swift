import DurableFiles
import FerryErrors
import Foundation
public import Logging
public import Telemetry
public import UTCDate

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
                             needsWork: { $0.rule != .skipComplete }) { decide($0, state: state) }
    }

    /// The decision table's answer for `day` given the process-phase state.
    func decide(_ day: UTCDay, state: [UTCDay: LedgerRow]) -> PlannedDay {
        let prior = state[day]
        let cdfPath = prior?.cdfPath ?? ""
        let input = ProcessDecisionInput(prior: prior?.parsedStatus, cdfOnDisk: !cdfPath.isEmpty && LedgerFigures.isFile(cdfPath),
                                         uploadMode: configuration.uploadMode, retryFailed: configuration.retryFailed)
        let rule = ProcessDecisionTable.decide(input)
        return PlannedDay(day: day, rule: rule.action, reason: rule.reason, prior: prior)
    }

    /// Runs every planned day; never stops early because one day failed. A day that needs work
    /// is done under its lock and decided again once the lock is held (see ``DayLocks``).
    public func run() async throws -> ProcessRunSummary {
        var summary = ProcessRunSummary(runID: UUID().uuidString.lowercased())
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
                log.notice("dry run: would \(planned.rule.rawValue) (\(planned.reason))")
                continue
            }
            guard let (decision, lock) = try await locks.claim(
                planned, day: planned.day, phase: .process, needsWork: planned.rule == .process || planned.rule == .uploadOnly,
                wait: configuration.waitForBusyDays, decideAgain: { decide(planned.day, state: try ledger.loadState().processPhase) })
            else {
                summary.daysBusy += 1
                log.warning("busy: another ferry run is processing this day; left to it (--wait waits for it)")
                continue
            }
            defer { lock?.release() }
            switch decision.rule {
            case .skipComplete:
                log.info("skip: \(decision.reason)")
                summary.daysSkippedComplete += 1
            case .skipFailed:
                log.info("skip: \(decision.reason)")
                summary.daysFailed += 1
            case .process:
                guard let input = processor.input(for: decision.day, in: configuration.inputDirectory) else {
                    log.info("no input artifact \(processor.inputPattern(for: decision.day))")
                    // A day already recorded as lacking input gains nothing from another identical row.
                    if decision.prior?.parsedStatus != .skippedNoInput {
                        try await recorder.record(.skippedNoInput, day: decision.day, started: LedgerTimestamp.now())
                    }
                    summary.daysSkippedNoInput += 1
                    continue
                }
                removeStaleTemporaries(decision.day, log: log)
                summary.daysAttempted += 1
                try await attempt(day: decision.day, input: input, cdfPath: nil, recorder: recorder, summary: &summary, log: log)
            case .uploadOnly:
                summary.daysAttempted += 1
                try await attempt(day: decision.day, input: nil, cdfPath: decision.prior?.cdfPath, recorder: recorder,
                                  summary: &summary, log: log)
            }
        }
        return summary
    }

    private func removeStaleTemporaries(_ day: UTCDay, log: Logger) {
        let removed = processor.removeStaleTemporaries(day: day, outputDirectory: configuration.outputDirectory)
        if !removed.isEmpty { log.warning("removed what a killed run left: \(removed.joined(separator: ", "))") }
    }

    /// Processes (when `cdfPath` is nil) and uploads (in upload mode) one day, recording each stage.
    private func attempt(day: UTCDay, input: String?, cdfPath: String?, recorder: AttemptRecorder,
                         summary: inout ProcessRunSummary, log: Logger) async throws {
        let started = LedgerTimestamp.now()
        var cdf = cdfPath
        var stage = LedgerStatus.processPending
        do {
            if cdf == nil, let input {
                try await recorder.record(.processPending, day: day, started: started)
                let clock = ContinuousClock.now
                let written = try await processor.process(day: day, input: input,
                                                          outputDirectory: configuration.outputDirectory)
                let seconds = ContinuousClock.now - clock
                cdf = written
                summary.daysProcessed += 1
                try await recorder.record(.processed, day: day, started: started, finished: true) {
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
            try await recorder.record(.uploadPending, day: day, started: started) { $0.cdfPath = file }
            let clock = ContinuousClock.now
            let receipt = try await uploader.upload(file: file, day: day)
            let seconds = ContinuousClock.now - clock
            summary.daysUploaded += 1
            summary.daysCompleted += 1
            try await recorder.record(.uploaded, day: day, started: started, finished: true) {
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
            try await recorder.record(.failed, day: day, started: started, finished: true) {
                $0.record(failure)
                // Naming the CDF marks an upload-stage failure: a retry uploads it without re-processing.
                if stage == .uploadPending, let cdf { $0.cdfPath = cdf }
            }
        }
    }
}
