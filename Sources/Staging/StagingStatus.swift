public import SQLDatabase
import WorkQueue

/// `ferry stage status`: every run with its files, each as its task stands now.
public struct StagingStatus: Sendable, Encodable {
    public struct Run: Sendable, Encodable {
        public let id: Int64
        public let station: String
        public let collection: String
        public let start: String
        public let stop: String
        public let destination: String
        public let found: Int
        public let alreadyPublished: Int
        public let counts: [String: Int]
        public let files: [StagingReport.File]

        enum CodingKeys: String, CodingKey {
            case id, station, collection, start, stop, destination, found, alreadyPublished = "already_published", counts, files
        }
    }

    public let runs: [Run]

    /// True when a file of any run failed (exit 1).
    public var hasFailures: Bool { runs.contains { $0.files.contains { $0.status == "FAILED" } } }

    /// The last `limit` runs, newest first.
    public static func read(from database: any SQLDatabase, limit: Int = 20) async throws -> StagingStatus {
        let runs = try await database.read { connection in
            try connection.query("""
                SELECT id, station, collection, window_start, window_stop, destination, found, already_published
                FROM stage_runs ORDER BY id DESC LIMIT ?
                """, [.int(limit)]).map { row in
                (id: try row.int64("id"), station: try row.string("station"), collection: try row.string("collection"),
                 start: try row.string("window_start"), stop: try row.string("window_stop"),
                 destination: try row.string("destination"), found: try row.int("found"),
                 alreadyPublished: try row.int("already_published"))
            }
        }
        var result: [Run] = []
        for run in runs {
            let files = try await files(ofRun: run.id, in: database)
            var counts: [String: Int] = [:]
            for file in files { counts[file.status, default: 0] += 1 }
            result.append(Run(id: run.id, station: run.station, collection: run.collection, start: run.start, stop: run.stop,
                              destination: run.destination, found: run.found, alreadyPublished: run.alreadyPublished,
                              counts: counts, files: files))
        }
        return StagingStatus(runs: result)
    }

    /// The files run `runID` queued, each with its task's status, in the run's order.
    public static func files(ofRun runID: Int64, in database: any SQLDatabase) async throws -> [StagingReport.File] {
        try await database.read { connection in
            let rows = try connection.query("""
                SELECT f.name, f.task_id, i.href, i.size FROM stage_run_files f
                JOIN stage_runs r ON r.id = f.run_id
                LEFT JOIN stage_items i ON i.collection = r.collection AND i.name = f.name
                WHERE f.run_id = ? ORDER BY f.list_index, f.name
                """, [.integer(runID)])
            let states = try WorkQueue.states(of: try rows.map { try $0.int64("task_id") }, in: connection)
            return try rows.map { row in
                let state = states[try row.int64("task_id")]
                let status: String
                switch state?.status {
                case .completed: status = "DONE"
                case .failed, nil: status = "FAILED"
                case .inProgress: status = "IN_PROGRESS"
                case .pending, .scheduled: status = (state?.attempts ?? 0) > 0 ? "IN_PROGRESS" : "NOT_STARTED"
                }
                let done = status == "DONE"
                return StagingReport.File(id: try row.string("name"), status: status,
                                          href: done ? row.optionalString("href") : nil,
                                          size: done ? row.optionalInt64("size") : nil,
                                          error: done ? nil : (state?.lastError ?? (state == nil ? "its task is missing" : nil)))
            }
        }
    }
}
