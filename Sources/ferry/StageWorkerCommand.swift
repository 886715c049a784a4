import ArgumentParser
import AsyncHTTPClient
import Foundation
import HTTPRetry
import Logging
import Staging
import Stations
import WorkQueue

/// `ferry stage worker`: stages queued files, on any host that shares the database.
struct StageWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Stage queued files: station → object storage → STAC catalog.",
        discussion: """
            Takes `ferry stage` tasks from the database (PostgreSQL to share them between hosts) and \
            stages them as a run's own workers do. The station's credentials and the S3 settings come \
            from this host's environment; the task carries none. SIGTERM or Ctrl-C hand the files in \
            progress back at once; a killed worker's files are staged again once their lease expires.
            """)

    @Option(help: "Files staged at once.")
    var concurrency = 2

    @Option(help: ArgumentHelp("Lease length; renewed every third of it while a file is staged.", valueName: "seconds"))
    var lease: Double = 30

    @Option(help: ArgumentHelp("Wait between polls of an empty queue.", valueName: "seconds"))
    var pollInterval: Double = 1

    @Option(help: ArgumentHelp("First wait before retrying a failed file (doubles each attempt).", valueName: "seconds"))
    var retryDelay: Double = 2

    @Flag(help: "Exit once no file is waiting or being staged.")
    var untilIdle = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if lease < 0.3 { throw ValidationError("--lease must be at least 0.3 seconds") }
    }

    func run() async throws {
        logging.bootstrap()
        let auth = try stagingConfiguration { try StationAuth.fromEnvironment(ProcessInfo.processInfo.environment) }
        let host = thisHostName()
        let logger = Logger(label: "ferry.stage.worker")
        let summary = try await stagingConfiguration {
            try await withDatabase(database) { db in
                let handler = StageFileHandler(httpClient: .transfers, stationAuth: auth, logger: logger)
                let options = QueueWorkerOptions(
                    id: makeWorkerID(host: host), host: host, acceptedHosts: nil, concurrency: concurrency,
                    leaseMilliseconds: Int64(lease * 1000), pollMilliseconds: Int64(pollInterval * 1000), untilIdle: untilIdle,
                    backoff: RetryBackoff(baseMilliseconds: Int64(retryDelay * 1000), capMilliseconds: 60_000))
                let worker = QueueWorker(database: db, handler: handler, options: options, logger: logger)
                return try await cancellingOnSignals { try await worker.run() }
            }
        }
        print("stage worker: \(summary.completed) files staged, \(summary.failedAttempts) failed attempts "
              + "(\(summary.failedPermanently) failed for good), \(summary.rescued) taken back from lost workers")
        if summary.failedPermanently > 0 { throw ExitCode(CommandFailure.someUnitFailedExitCode) }
    }
}
