public import SQLDatabase
import TarArchive
public import WorkQueue

/// Runs `package.build` tasks: builds the tar and records the package in the transaction that
/// completes its task; a failed attempt's error and retry count go on the package too, and a
/// package whose last attempt failed is FAILED (the seed's `mark_permanent_failure`).
public struct PackageBuildHandler: TaskHandler {
    public let database: any SQLDatabase
    public let kinds = [PackageBuildTask.kind]
    /// Builds a plan whose source this worker cannot read itself (over SSH); nil: every source is local.
    public let remoteBuild: (@Sendable (PackageBuildPlan) async throws -> BuiltPackage)?
    public let thisHost: String

    public init(database: any SQLDatabase, thisHost: String,
                remoteBuild: (@Sendable (PackageBuildPlan) async throws -> BuiltPackage)? = nil) {
        self.database = database
        self.thisHost = thisHost
        self.remoteBuild = remoteBuild
    }

    public func perform(_ task: ClaimedTask) async throws -> TaskRecording {
        let payload = try PackageBuildTask(json: task.payload)
        let plan = try await database.read { try PackageBuildPlan.load(packageID: payload.packageID, in: $0) }
        let built: BuiltPackage
        do {
            if !plan.source.isOnHost(thisHost), let remoteBuild {
                built = try await remoteBuild(plan)
            } else {
                built = try await PackageBuilder().build(plan)
            }
        } catch let error as TarArchiveError {
            throw TaskFailure("package \(plan.name): \(error)")
        } catch let error as PackagingError {
            // Bytes that differ from their registered checksum will differ on every attempt.
            if case .registeredChecksumMismatch = error { throw TaskFailure("package \(plan.name): \(error)", retryable: false) }
            throw TaskFailure("package \(plan.name): \(error)")
        }
        // The builder checked the registered checksums before the tar took its final name; checked
        // again here because a remote build is another program's answer.
        if let mismatch = plan.registeredChecksumMismatch(in: built.members.map { ($0.path, $0.sha256) }) {
            throw TaskFailure("package \(plan.name): \(mismatch)", retryable: false)
        }
        let fileIDs = Dictionary(plan.members.map { (ExactName($0.path), $0.fileID) }, uniquingKeysWith: { first, _ in first })
        // A buffer passed over is worth an operator's look: say which, and why, in the attempt's summary.
        let passedOver = built.bufferFailures.isEmpty ? "" : " (after " + built.bufferFailures.joined(separator: "; ") + ")"
        return TaskRecording(summary: "\(plan.name): \(built.members.count) files, \(built.size) bytes in \(built.bufferName)\(passedOver), sha256 \(built.sha256)") { connection in
            try connection.execute("""
                UPDATE pkg_packages SET status = 'COMPLETED', state = 'WAITING', size = ?, sha256 = ?, buffer_location_id = ?,
                    retry_count = ?, error = NULL, updated_at = {now}
                WHERE id = ?
                """, [.integer(built.size), .text(built.sha256), .integer(built.bufferLocationID), .int(task.attempt - 1),
                      .integer(plan.packageID)])
            for member in built.members {
                guard let id = fileIDs[ExactName(member.path)] else { continue }
                try connection.execute("UPDATE pkg_raw_files SET size = ?, sha256 = ? WHERE id = ?",
                                       [.integer(member.size), .text(member.sha256), .text(id)])
            }
        }
    }

    public func recordFailure(of task: ClaimedTask, error: String, disposition: FailureDisposition,
                              in connection: any SQLConnection) throws {
        let payload = try PackageBuildTask(json: task.payload)
        let permanent = disposition == .failedPermanently
        try connection.execute("""
            UPDATE pkg_packages SET status = ?, state = ?, retry_count = ?, error = ?, updated_at = {now} WHERE id = ?
            """, [.text(permanent ? "FAILED" : "SCHEDULED"), .text(permanent ? "FAILED" : "WAITING"), .int(task.attempt),
                  .text(error), .integer(payload.packageID)])
    }

    public func recordRescue(_ task: RescuedTask, in connection: any SQLConnection) throws {
        let payload = try PackageBuildTask(json: task.payload)
        let permanent = task.newStatus == .failed
        try connection.execute("""
            UPDATE pkg_packages SET status = ?, state = ?, retry_count = ?, error = ?, updated_at = {now} WHERE id = ?
            """, [.text(task.newStatus.rawValue), .text(permanent ? "FAILED" : "WAITING"), .int(task.attempt),
                  .text(task.error), .integer(payload.packageID)])
    }
}
