import ArgumentParser
import Foundation
import Logging
import ObjectStore
import ObjectStoreS3
import Pipeline
import Telemetry
import UTCDate

/// `ferry process`: day artifacts → L1C CDFs (seed 002), optionally uploaded, resumably.
struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Turn downloaded day artifacts into L1C CDF products, optionally uploading them.",
        discussion: """
            Sequential per day and resumable from the ledger the download phase writes: a rerun \
            only attempts days not already complete. Per day: PROCESS_PENDING, then PROCESSED \
            (terminal without --upload-to-s3), then UPLOAD_PENDING and UPLOADED; SKIPPED_NO_INPUT \
            when the input directory holds no artifact for the day; FAILED with the error.
            Exit codes: 0 every planned day ended well, 1 some day failed, 2 configuration or \
            authentication error (a refused S3 credential stops the run at the day it failed).
            """
    )

    @OptionGroup var days: DayRangeOptions

    @Option(help: "Directory holding the download phase's day artifacts.")
    var inputDir: String

    @Option(help: "Directory the CDFs are written to (under l1c/prelim/YYYY/MM/DD/).")
    var outputDir: String

    @Option(help: "The append-only ledger (default: <input-dir>/download_telemetry.csv).")
    var telemetryFile: String?

    @Flag(help: "Upload each CDF to S3; UPLOADED is then the terminal status.")
    var uploadToS3 = false

    @Option(help: "Destination bucket (required with --upload-to-s3).")
    var s3Bucket: String?

    @Option(help: "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's).")
    var awsRegion: String?

    @Option(help: "S3 endpoint URL for S3-compatible stores (default: AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL).")
    var s3Endpoint: String?

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if uploadToS3 && s3Bucket == nil { throw ValidationError("--upload-to-s3 needs --s3-bucket") }
        if s3Bucket != nil && !uploadToS3 { throw ValidationError("--s3-bucket is only used with --upload-to-s3") }
    }

    func run() async throws {
        logging.bootstrap()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: inputDir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure.configuration("--input-dir \(inputDir) is not a directory")
        }
        var configuration = ProcessRunConfiguration(
            startDate: days.startDate, endDate: days.endDate, inputDirectory: absolute(inputDir),
            outputDirectory: absolute(outputDir), telemetryPath: telemetryFile ?? inputDir + "/download_telemetry.csv")
        configuration.sensorID = days.sensorID
        configuration.descriptor = days.descriptor
        configuration.outputFormat = days.outputFormat
        configuration.retryFailed = days.retryFailed
        configuration.limitDays = days.limitDays
        configuration.dryRun = days.dryRun
        configuration.waitForBusyDays = days.wait
        configuration.uploadBucket = s3Bucket
        let uploader: (any ProductUploader)? = try uploadToS3 ? ObjectStoreUploader(store: makeS3Store()) : nil
        let orchestrator = ProcessOrchestrator(configuration: configuration,
                                               processor: REACHDayProcessor(sensorID: days.sensorID, format: days.outputFormat), uploader: uploader)
        let summary: ProcessRunSummary
        do {
            summary = try await orchestrator.run()
        } catch let error as LedgerError {
            throw CommandFailure.configuration("\(error)")
        }
        print("process: \(summary.daysPlanned) planned, \(summary.daysProcessed) processed, \(summary.daysUploaded) uploaded, "
              + "\(summary.daysSkippedComplete) already complete, \(summary.daysSkippedNoInput) without input, "
              + "\(summary.daysFailed) failed, \(summary.daysBusy) left to another run (run \(summary.runID))")
        if let stop = summary.stoppedBy { throw CommandFailure.stopped(by: stop) }
        if !summary.allEndedWell { throw ExitCode(CommandFailure.someUnitFailedExitCode) }
    }

    /// The S3 store from the flags and the AWS variables; missing credentials or a bad endpoint exit 2.
    private func makeS3Store() throws -> any ObjectStore {
        do {
            return S3ObjectStore(configuration: try .fromEnvironment(bucket: s3Bucket!, region: awsRegion, endpoint: s3Endpoint))
        } catch {
            throw CommandFailure.configuration("\(error)")
        }
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
