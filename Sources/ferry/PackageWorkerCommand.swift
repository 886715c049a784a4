import ArgumentParser
import Foundation
import Logging
import Packaging
import SQLDatabase
import WorkQueue

/// `ferry package worker`: builds queued packages.
struct PackageWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Build queued packages: a tar with checksums in the site's primary buffer.",
        discussion: """
            A worker takes only packages whose source location it can read: locations with no host, or \
            with the host it stands for (--host, default this machine's name). With --ssh it also takes \
            the others and builds them on the source's host through the system `ssh` (so ~/.ssh/config \
            applies), running `ferry package build --plan -` there. A worker renews its lease while it \
            builds; if it is killed, the package is built again by another worker once the lease expires. \
            SIGTERM or Ctrl-C stop it cleanly: packages in progress are handed back at once. \
            A failed attempt is retried up to 3 times with growing delays, then the package is FAILED.
            """)

    @Option(help: "Packages built at once.")
    var concurrency = 1

    @Option(help: "The host this worker stands for.")
    var host: String?

    @Option(help: ArgumentHelp("Lease length; renewed every third of it while a package is built.", valueName: "seconds"))
    var lease: Double = 60

    @Option(help: ArgumentHelp("Wait between polls of an empty queue.", valueName: "seconds"))
    var pollInterval: Double = 1

    @Option(help: ArgumentHelp("First wait before retrying a failed package (doubles each attempt).", valueName: "seconds"))
    var retryDelay: Double = 10

    @Flag(help: "Exit once no package is waiting or being built.")
    var untilIdle = false

    @Flag(help: "Build packages of other hosts over SSH.")
    var ssh = false

    @Option(help: ArgumentHelp("With --ssh: an ssh_config file passed to ssh -F.", valueName: "file"))
    var sshConfig: String?

    @Option(help: ArgumentHelp("With --ssh: the ferry program on the remote hosts.", valueName: "path"))
    var remoteFerry = "ferry"

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if lease < 0.3 { throw ValidationError("--lease must be at least 0.3 seconds") }
    }

    func run() async throws {
        logging.bootstrap()
        let host = host ?? thisHostName()
        let logger = Logger(label: "ferry.package.worker")
        let failedPermanently = try await reportingPackagingErrors {
            try await withDatabase(database) { db -> Int in
                var remoteBuild: (@Sendable (PackageBuildPlan) async throws -> BuiltPackage)?
                if ssh {
                    let remote = RemotePackageBuild(sshConfig: sshConfig, remoteFerry: remoteFerry)
                    remoteBuild = { plan in try await remote.build(plan) }
                }
                let handler = PackageBuildHandler(database: db, thisHost: host, remoteBuild: remoteBuild)
                let options = QueueWorkerOptions(
                    id: makeWorkerID(host: host), host: host, acceptedHosts: ssh ? nil : [host, "localhost"],
                    concurrency: concurrency, leaseMilliseconds: Int64(lease * 1000), pollMilliseconds: Int64(pollInterval * 1000),
                    untilIdle: untilIdle, backoff: RetryBackoff(baseMilliseconds: Int64(retryDelay * 1000)))
                let worker = QueueWorker(database: db, handler: handler, options: options, logger: logger)
                let summary = try await cancellingOnSignals { try await worker.run() }
                print("worker \(options.id): \(summary.completed) packages built, \(summary.failedAttempts) failed attempts "
                      + "(\(summary.failedPermanently) failed for good), \(summary.rescued) taken back from lost workers")
                return summary.failedPermanently
            }
        }
        if failedPermanently > 0 { throw ExitCode(CommandFailure.someUnitFailedExitCode) }
    }
}
