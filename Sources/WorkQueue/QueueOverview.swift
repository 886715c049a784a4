public import SQLDatabase

/// The queue as an operator watches it: depth by kind and status, tasks whose lease ran out,
/// recent errors, how long attempts take, and the workers with their heartbeats.
public struct QueueOverview: Sendable, Encodable {
    /// Tasks of one kind in one status.
    public struct Depth: Sendable, Encodable, Equatable {
        public let kind: String
        public let status: String
        public let tasks: Int
    }

    /// A task still IN_PROGRESS whose worker stopped renewing its lease.
    public struct StuckTask: Sendable, Encodable, Equatable {
        public let id: Int64
        public let kind: String
        public let worker: String?
        public let attempts: Int
        public let expiredMillisecondsAgo: Int64
        enum CodingKeys: String, CodingKey { case id, kind, worker, attempts, expiredMillisecondsAgo = "expired_ms_ago" }
    }

    /// One failed attempt from the operations log.
    public struct RecentError: Sendable, Encodable, Equatable {
        public let taskID: Int64
        public let kind: String
        public let attempt: Int
        public let worker: String
        public let error: String
        public let millisecondsAgo: Int64
        enum CodingKeys: String, CodingKey { case taskID = "task_id", kind, attempt, worker, error, millisecondsAgo = "ms_ago" }
    }

    /// How long one finished attempt ran.
    public struct AttemptDuration: Sendable, Encodable, Equatable {
        public let kind: String
        public let outcome: String
        public let milliseconds: Int64
    }

    public let depth: [Depth]
    public let stuck: [StuckTask]
    public let recentErrors: [RecentError]
    /// The last `durationLimit` finished attempts.
    public let durations: [AttemptDuration]
    public let workers: [WorkerRecord]

    enum CodingKeys: String, CodingKey { case depth, stuck, recentErrors = "recent_errors", durations, workers }

    /// Reads the overview in one read transaction.
    public static func read(in connection: any SQLConnection, errorLimit: Int = 20, durationLimit: Int = 10_000) throws -> QueueOverview {
        let depth = try connection.query("SELECT kind, status, COUNT(*) AS n FROM queue_tasks GROUP BY kind, status ORDER BY kind, status", [])
            .map { Depth(kind: try $0.string("kind"), status: try $0.string("status"), tasks: try $0.int("n")) }
        let stuck = try connection.query("""
            SELECT id, kind, lease_owner, attempts, {now} - lease_expires_at AS ago FROM queue_tasks
            WHERE status = 'IN_PROGRESS' AND lease_expires_at < {now} ORDER BY lease_expires_at
            """, []).map {
            StuckTask(id: try $0.int64("id"), kind: try $0.string("kind"), worker: $0.optionalString("lease_owner"),
                      attempts: try $0.int("attempts"), expiredMillisecondsAgo: try $0.int64("ago"))
        }
        let errors = try connection.query("""
            SELECT a.task_id, t.kind, a.attempt, a.worker, a.error, {now} - a.finished_at AS ago
            FROM queue_attempts a JOIN queue_tasks t ON t.id = a.task_id
            WHERE a.error IS NOT NULL AND a.finished_at IS NOT NULL ORDER BY a.finished_at DESC, a.id DESC LIMIT ?
            """, [.int(errorLimit)]).map {
            RecentError(taskID: try $0.int64("task_id"), kind: try $0.string("kind"), attempt: try $0.int("attempt"),
                        worker: try $0.string("worker"), error: try $0.string("error"), millisecondsAgo: try $0.int64("ago"))
        }
        let durations = try connection.query("""
            SELECT t.kind, a.outcome, a.finished_at - a.started_at AS ms
            FROM queue_attempts a JOIN queue_tasks t ON t.id = a.task_id
            WHERE a.finished_at IS NOT NULL ORDER BY a.id DESC LIMIT ?
            """, [.int(durationLimit)]).map {
            AttemptDuration(kind: try $0.string("kind"), outcome: $0.optionalString("outcome") ?? "", milliseconds: try $0.int64("ms"))
        }
        return QueueOverview(depth: depth, stuck: stuck, recentErrors: errors, durations: durations,
                             workers: try WorkerRegistry.workers(in: connection))
    }

    /// Tasks waiting or running (PENDING, SCHEDULED, IN_PROGRESS): while there are some, pages refresh.
    public var unfinishedTasks: Int {
        depth.filter { ["PENDING", "SCHEDULED", "IN_PROGRESS"].contains($0.status) }.reduce(0) { $0 + $1.tasks }
    }
}
