import ArgumentParser
import Foundation
import Logging
import Packaging
import SQLDatabase
import WorkQueue

/// `ferry package build NAME|TASK`: builds one package now, on this host, and records it; with
/// `--plan -` it builds from a plan on stdin and prints the result as JSON instead (what a worker
/// with --ssh runs on the source's host, which needs no database access).
struct PackageBuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build one queued package now on this host (by package name or task id).",
        discussion: """
            The package's task is claimed like a worker would (it must be waiting: PENDING or SCHEDULED), \
            built here, and recorded. With --plan - a JSON plan is read from stdin instead and the result \
            printed as JSON, with no database: what `worker --ssh` runs on a source's host.
            """)

    @Argument(help: "The package's name, or its task's id.")
    var package: String?

    @Option(help: "Build from a JSON plan on stdin (only - is supported).")
    var plan: String?

    @Option(help: ArgumentHelp("Lease length while it builds.", valueName: "seconds"))
    var lease: Double = 60

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if (package == nil) == (plan == nil) { throw ValidationError("give a package name or task id, or --plan -") }
        if let plan, plan != "-" { throw ValidationError("--plan takes - (the plan is read from stdin)") }
    }

    func run() async throws {
        if plan != nil { return try await buildFromStandardInput() }
        let target = package ?? ""
        let host = thisHostName()
        let failed = try await reportingPackagingErrors {
            try await withDatabase(database) { db -> Bool in
                let taskID = try await db.read { connection -> Int64? in
                    if let id = Int64(target) { return id }
                    return try connection.scalar("SELECT task_id FROM pkg_packages WHERE name = ?", [.text(target)])?.integer
                }
                guard let taskID else { throw PackagingError.notFound("no package named \(target)") }
                let options = QueueWorkerOptions(id: makeWorkerID(host: host), host: host, acceptedHosts: nil,
                                                 leaseMilliseconds: Int64(lease * 1000))
                let worker = QueueWorker(database: db, handler: PackageBuildHandler(database: db, thisHost: host),
                                         options: options, logger: Logger(label: "ferry.package.build"))
                guard let summary = try await worker.runOne(taskID: taskID) else {
                    throw PackagingError.configuration("package \(target) is not waiting to be built (see ferry package status)")
                }
                print(summary.completed == 1 ? "\(target): built" : "\(target): the attempt failed (see ferry package status)")
                return summary.completed != 1
            }
        }
        if failed { throw ExitCode(CommandFailure.someUnitFailedExitCode) }
    }

    private func buildFromStandardInput() async throws {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let decoded: PackageBuildPlan
        do {
            decoded = try JSONDecoder().decode(PackageBuildPlan.self, from: data)
        } catch {
            throw CommandFailure.configuration("the plan on stdin is not a package plan: \(error)")
        }
        do {
            let built = try await PackageBuilder().build(decoded)
            print(String(decoding: try JSONEncoder().encode(built), as: UTF8.self))
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(CommandFailure.someUnitFailedExitCode)
        }
    }
}
