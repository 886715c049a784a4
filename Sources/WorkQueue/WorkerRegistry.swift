public import SQLDatabase

/// One worker process as `queue_workers` records it.
public struct WorkerRecord: Sendable, Equatable, Codable {
    public let id: String
    public let host: String
    public let pid: Int
    public let kinds: String
    public let concurrency: Int
    public let startedAt: Int64
    public let heartbeatAt: Int64
    public let stoppedAt: Int64?
    /// Neither stopped nor silent for more than three heartbeat intervals.
    public let isLive: Bool
    /// Not stopped, but silent for more than three heartbeat intervals: killed or cut off.
    public var isLost: Bool { stoppedAt == nil && !isLive }
}

/// The workers' heartbeats: each worker process refreshes its row, so status can tell a live
/// worker from one that was killed without a word.
public enum WorkerRegistry {
    /// Records a worker that starts now.
    public static func register(id: String, host: String, pid: Int, kinds: [String], concurrency: Int,
                                heartbeatIntervalMilliseconds: Int64, in connection: any SQLConnection) throws {
        try connection.execute("""
            INSERT INTO queue_workers (id, host, pid, kinds, concurrency, heartbeat_interval_ms, started_at, heartbeat_at)
            VALUES (?, ?, ?, ?, ?, ?, {now}, {now})
            """, [.text(id), .text(host), .int(pid), .text(kinds.joined(separator: ",")), .int(concurrency),
                  .integer(heartbeatIntervalMilliseconds)])
    }

    /// Refreshes the worker's heartbeat.
    public static func beat(id: String, in connection: any SQLConnection) throws {
        try connection.execute("UPDATE queue_workers SET heartbeat_at = {now} WHERE id = ?", [.text(id)])
    }

    /// Records that the worker stopped on its own.
    public static func stop(id: String, in connection: any SQLConnection) throws {
        try connection.execute("UPDATE queue_workers SET stopped_at = {now}, heartbeat_at = {now} WHERE id = ?", [.text(id)])
    }

    /// Every worker that has not stopped, and those that stopped within the last `recentMilliseconds`.
    public static func workers(recentMilliseconds: Int64 = 3_600_000, in connection: any SQLConnection) throws -> [WorkerRecord] {
        try connection.query("""
            SELECT id, host, pid, kinds, concurrency, started_at, heartbeat_at, stopped_at,
                   CASE WHEN stopped_at IS NULL AND heartbeat_at >= {now} - 3 * heartbeat_interval_ms THEN 1 ELSE 0 END AS live
            FROM queue_workers
            WHERE stopped_at IS NULL OR stopped_at >= {now} - ?
            ORDER BY started_at, id
            """, [.integer(recentMilliseconds)]).map { row in
            WorkerRecord(id: try row.string("id"), host: try row.string("host"), pid: try row.int("pid"),
                         kinds: try row.string("kinds"), concurrency: try row.int("concurrency"),
                         startedAt: try row.int64("started_at"), heartbeatAt: try row.int64("heartbeat_at"),
                         stoppedAt: row.optionalInt64("stopped_at"), isLive: try row.bool("live"))
        }
    }
}
