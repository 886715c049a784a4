public import SQLDatabase

/// A task as a flow that queued it sees it: where it stands, and its last error.
public struct TaskState: Sendable, Equatable {
    public let id: Int64
    public let status: TaskStatus
    public let attempts: Int
    public let lastError: String?
    /// When its current or last attempt started (database clock, ms); nil before the first one.
    public let startedAt: Int64?
    /// When it reached COMPLETED or FAILED (database clock, ms).
    public let finishedAt: Int64?
}

extension WorkQueue {
    /// The id and status of the task queued under `uniqueKey`, if any.
    public static func task(uniqueKey: String, in connection: any SQLConnection) throws -> TaskState? {
        try states(where: "t.unique_key = ?", [.text(uniqueKey)], in: connection).first
    }

    /// Where each of the tasks `ids` stands (missing ids are left out).
    public static func states(of ids: [Int64], in connection: any SQLConnection) throws -> [Int64: TaskState] {
        var states: [Int64: TaskState] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            let slice = ids[chunk..<min(chunk + 500, ids.count)]
            for state in try Self.states(where: "t.id IN (\(Array(repeating: "?", count: slice.count).joined(separator: ", ")))",
                                         slice.map { .integer($0) }, in: connection) {
                states[state.id] = state
            }
        }
        return states
    }

    private static func states(where condition: String, _ arguments: [SQLValue], in connection: any SQLConnection) throws -> [TaskState] {
        try connection.query("""
            SELECT t.id, t.status, t.attempts, t.last_error, t.finished_at,
                   (SELECT MAX(a.started_at) FROM queue_attempts a WHERE a.task_id = t.id) AS started_at
            FROM queue_tasks t WHERE \(condition)
            """, arguments).map { row in
            TaskState(id: try row.int64("id"), status: TaskStatus(rawValue: try row.string("status")) ?? .failed,
                      attempts: try row.int("attempts"), lastError: row.optionalString("last_error"),
                      startedAt: row.optionalInt64("started_at"), finishedAt: row.optionalInt64("finished_at"))
        }
    }

    /// Puts a finished task (COMPLETED or FAILED) back in the queue with `payload` and a fresh set
    /// of attempts (the operations log keeps the old ones); false when it has not finished.
    public static func requeue(taskID: Int64, payload: String, in connection: any SQLConnection) throws -> Bool {
        try connection.execute("""
            UPDATE queue_tasks
            SET status = 'PENDING', payload = ?, max_attempts = attempts + ?, not_before = {now}, last_error = NULL,
                finished_at = NULL, updated_at = {now}
            WHERE id = ? AND status IN ('COMPLETED', 'FAILED')
            """, [.text(payload), .int(defaultMaxRetries + 1), .integer(taskID)]) == 1
    }

    /// Gives up on a task that has not finished: FAILED with `error`, whoever holds it (its worker
    /// loses the lease at its next renewal and drops its result). False when it had finished.
    public static func abandon(taskID: Int64, error: String, in connection: any SQLConnection) throws -> Bool {
        guard let row = try connection.queryFirst("""
            UPDATE queue_tasks
            SET status = 'FAILED', last_error = ?, lease_owner = NULL, lease_expires_at = NULL,
                updated_at = {now}, finished_at = {now}
            WHERE id = ? AND status NOT IN ('COMPLETED', 'FAILED')
            RETURNING attempts
            """, [.text(error), .integer(taskID)]) else { return false }
        let attempt = try row.int("attempts")
        if attempt > 0 { try closeAttempt(taskID, attempt: attempt, outcome: .failed, error: error, in: connection) }
        return true
    }
}
