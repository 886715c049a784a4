public import SQLDatabase

/// The task queue's operations, each a few statements inside a transaction the caller owns, so a
/// flow records its own state in the same commit (a package's files are assigned in the
/// transaction that queues its task; a package is marked built in the one that completes it).
///
/// Claiming is atomic: PostgreSQL skips rows another claimer has locked (`FOR UPDATE SKIP
/// LOCKED`); SQLite runs write transactions one at a time (`BEGIN IMMEDIATE`).
public enum WorkQueue {
    /// The seed's `max_retries`: retries after the first attempt.
    public static let defaultMaxRetries = 3

    /// Adds `task`; returns its id, or nil when a task with the same unique key exists already.
    @discardableResult
    public static func enqueue(_ task: NewTask, in connection: any SQLConnection) throws -> Int64? {
        let rows = try connection.query("""
            INSERT INTO queue_tasks (kind, payload, unique_key, priority, status, host, attempts, max_attempts,
                                     not_before, created_at, updated_at)
            VALUES (?, ?, ?, ?, 'PENDING', ?, 0, ?, {now}, {now}, {now})
            ON CONFLICT (unique_key) DO NOTHING
            RETURNING id
            """, [.text(task.kind), .text(task.payload), .optional(task.uniqueKey), .int(task.priority),
                  .optional(task.host), .int(task.maxAttempts)])
        return try rows.first?.int64("id")
    }

    /// Adds every task of `tasks` in one statement; returns the ids of those added (a task whose
    /// unique key exists already is skipped, as `enqueue` skips it).
    @discardableResult
    public static func enqueueAll(_ tasks: [NewTask], in connection: any SQLConnection) throws -> [Int64] {
        guard !tasks.isEmpty else { return [] }
        // 6 arguments a row: SQLite allows 32,766 per statement, PostgreSQL 65,535.
        precondition(tasks.count <= 5000, "enqueueAll takes at most 5,000 tasks a statement")
        return try connection.query("""
            INSERT INTO queue_tasks (kind, payload, unique_key, priority, status, host, attempts, max_attempts,
                                     not_before, created_at, updated_at)
            VALUES \(Array(repeating: "(?, ?, ?, ?, 'PENDING', ?, 0, ?, {now}, {now}, {now})", count: tasks.count).joined(separator: ", "))
            ON CONFLICT (unique_key) DO NOTHING
            RETURNING id
            """, tasks.flatMap { [.text($0.kind), .text($0.payload), .optional($0.uniqueKey), .int($0.priority),
                                  .optional($0.host), .int($0.maxAttempts)] }).map { try $0.int64("id") }
    }

    /// Claims up to `limit` ready tasks of `kinds` for `worker`, leasing each for `leaseMilliseconds`.
    ///
    /// `hosts` nil takes tasks for any host; otherwise only tasks for no host or one of `hosts`.
    public static func claim(kinds: [String], hosts: [String]?, worker: String, leaseMilliseconds: Int64,
                             limit: Int = 1, in connection: any SQLConnection) throws -> [ClaimedTask] {
        var arguments: [SQLValue] = kinds.map { .text($0) }
        var hostFilter = ""
        if let hosts {
            hostFilter = " AND (host IS NULL" + (hosts.isEmpty ? "" : " OR host IN (\(placeholders(hosts.count)))") + ")"
            arguments += hosts.map { .text($0) }
        }
        return try claim(selecting: """
            SELECT id FROM queue_tasks
            WHERE status IN ('PENDING', 'SCHEDULED') AND not_before <= {now}
              AND kind IN (\(placeholders(kinds.count)))\(hostFilter)
            ORDER BY priority DESC, id
            LIMIT ? {skip_locked}
            """, arguments + [.int(limit)], worker: worker, leaseMilliseconds: leaseMilliseconds, in: connection)
    }

    /// Claims the task `id` itself, if it is waiting to run (PENDING, or SCHEDULED whatever its
    /// backoff says: an operator asked for it); nil otherwise.
    public static func claim(taskID id: Int64, worker: String, leaseMilliseconds: Int64,
                             in connection: any SQLConnection) throws -> ClaimedTask? {
        try claim(selecting: "SELECT id FROM queue_tasks WHERE id = ? AND status IN ('PENDING', 'SCHEDULED') {skip_locked}",
                  [.integer(id)], worker: worker, leaseMilliseconds: leaseMilliseconds, in: connection).first
    }

    /// Leases the tasks the sub-query `selection` picks and opens their attempts in the operations
    /// log: one UPDATE and one multi-row INSERT per batch instead of 1 + 2 per task (River's shape).
    private static func claim(selecting selection: String, _ arguments: [SQLValue], worker: String,
                              leaseMilliseconds: Int64, in connection: any SQLConnection) throws -> [ClaimedTask] {
        let rows = try connection.query("""
            UPDATE queue_tasks
            SET status = 'IN_PROGRESS', attempts = attempts + 1, lease_owner = ?,
                lease_expires_at = {now} + ?, updated_at = {now}
            WHERE id IN (\(selection))
            RETURNING id, kind, payload, host, attempts, max_attempts, priority
            """, [.text(worker), .integer(leaseMilliseconds)] + arguments)
        guard !rows.isEmpty else { return [] }
        var claimed: [(priority: Int64, task: ClaimedTask)] = []
        for row in rows {
            let task = ClaimedTask(id: try row.int64("id"), kind: try row.string("kind"), payload: try row.string("payload"),
                                   host: row.optionalString("host"), attempt: try row.int("attempts"),
                                   maxAttempts: try row.int("max_attempts"), worker: worker)
            claimed.append((try row.int64("priority"), task))
        }
        try connection.execute("""
            INSERT INTO queue_attempts (task_id, attempt, worker, started_at)
            VALUES \(Array(repeating: "(?, ?, ?, {now})", count: claimed.count).joined(separator: ", "))
            """, claimed.flatMap { [.integer($0.task.id), .int($0.task.attempt), .text(worker)] })
        // RETURNING's order is unspecified: the caller gets them in claim order.
        return claimed.sorted { ($0.priority, -$0.task.id) > ($1.priority, -$1.task.id) }.map(\.task)
    }

    /// Extends the lease of `task`; false when the worker no longer holds it (it expired and the
    /// monitor or another worker took the task over), and the worker must stop.
    public static func renewLease(of task: ClaimedTask, milliseconds: Int64, in connection: any SQLConnection) throws -> Bool {
        try connection.execute("""
            UPDATE queue_tasks SET lease_expires_at = {now} + ?, updated_at = {now}
            WHERE id = ? AND lease_owner = ? AND attempts = ? AND status = 'IN_PROGRESS'
            """, [.integer(milliseconds), .integer(task.id), .text(task.worker), .int(task.attempt)]) == 1
    }

    /// Marks `task` COMPLETED. Throws `WorkQueueError.leaseLost` (and the caller's transaction must
    /// roll back) when the worker no longer holds the lease.
    public static func complete(_ task: ClaimedTask, in connection: any SQLConnection) throws {
        let changed = try connection.execute("""
            UPDATE queue_tasks
            SET status = 'COMPLETED', lease_owner = NULL, lease_expires_at = NULL, last_error = NULL,
                updated_at = {now}, finished_at = {now}
            WHERE id = ? AND lease_owner = ? AND attempts = ? AND status = 'IN_PROGRESS'
            """, [.integer(task.id), .text(task.worker), .int(task.attempt)])
        guard changed == 1 else { throw WorkQueueError.leaseLost(taskID: task.id, attempt: task.attempt) }
        try closeAttempt(task.id, attempt: task.attempt, outcome: .completed, error: nil, in: connection)
    }

    /// Marks every task of `tasks` (one worker's) COMPLETED in two statements. Throws
    /// `WorkQueueError.leaseLost` for the first task whose lease the worker no longer holds (the
    /// caller's transaction must roll back; it may then complete the others one by one).
    public static func completeAll(_ tasks: [ClaimedTask], in connection: any SQLConnection) throws {
        guard let worker = tasks.first?.worker else { return }
        precondition(tasks.allSatisfy { $0.worker == worker }, "completeAll takes one worker's tasks")
        let pairs = tasks.flatMap { [SQLValue.integer($0.id), .int($0.attempt)] }
        let done = Set(try connection.query("""
            UPDATE queue_tasks
            SET status = 'COMPLETED', lease_owner = NULL, lease_expires_at = NULL, last_error = NULL,
                updated_at = {now}, finished_at = {now}
            WHERE lease_owner = ? AND status = 'IN_PROGRESS'
              AND (\(Array(repeating: "(id = ? AND attempts = ?)", count: tasks.count).joined(separator: " OR ")))
            RETURNING id
            """, [.text(worker)] + pairs).map { try $0.int64("id") })
        if let lost = tasks.first(where: { !done.contains($0.id) }) {
            throw WorkQueueError.leaseLost(taskID: lost.id, attempt: lost.attempt)
        }
        try connection.execute("""
            UPDATE queue_attempts SET finished_at = {now}, outcome = ?, error = NULL
            WHERE outcome IS NULL
              AND (\(Array(repeating: "(task_id = ? AND attempt = ?)", count: tasks.count).joined(separator: " OR ")))
            """, [.text(AttemptOutcome.completed.rawValue)] + pairs)
    }

    /// Records a failed attempt: schedules the next one after `backoff(attempt)` milliseconds, or
    /// marks the task FAILED for good when no attempt is left or `retryable` is false.
    public static func fail(_ task: ClaimedTask, error: String, retryable: Bool = true,
                            backoff: RetryBackoff = RetryBackoff(),
                            in connection: any SQLConnection) throws -> FailureDisposition {
        let permanent = !retryable || task.attempt >= task.maxAttempts
        let delay = permanent ? 0 : backoff.delayMilliseconds(afterAttempt: task.attempt)
        let changed = try connection.execute("""
            UPDATE queue_tasks
            SET status = ?, not_before = {now} + ?, last_error = ?, lease_owner = NULL, lease_expires_at = NULL,
                updated_at = {now}, finished_at = \(permanent ? "{now}" : "NULL")
            WHERE id = ? AND lease_owner = ? AND attempts = ? AND status = 'IN_PROGRESS'
            """, [.text(permanent ? TaskStatus.failed.rawValue : TaskStatus.scheduled.rawValue), .integer(delay),
                  .text(error), .integer(task.id), .text(task.worker), .int(task.attempt)])
        guard changed == 1 else { throw WorkQueueError.leaseLost(taskID: task.id, attempt: task.attempt) }
        try closeAttempt(task.id, attempt: task.attempt, outcome: .failed, error: error, in: connection)
        if permanent { return .failedPermanently }
        let notBefore = try connection.scalar("SELECT not_before FROM queue_tasks WHERE id = ?", [.integer(task.id)])?.integer ?? 0
        return .retryScheduled(notBefore: notBefore)
    }

    /// Hands a task back untouched because its worker is stopping: the task is PENDING again and
    /// the attempt does not count (the log keeps it as RELEASED).
    public static func release(_ task: ClaimedTask, in connection: any SQLConnection) throws {
        let changed = try connection.execute("""
            UPDATE queue_tasks
            SET status = 'PENDING', attempts = attempts - 1, lease_owner = NULL, lease_expires_at = NULL,
                not_before = {now}, updated_at = {now}
            WHERE id = ? AND lease_owner = ? AND attempts = ? AND status = 'IN_PROGRESS'
            """, [.integer(task.id), .text(task.worker), .int(task.attempt)])
        guard changed == 1 else { throw WorkQueueError.leaseLost(taskID: task.id, attempt: task.attempt) }
        try closeAttempt(task.id, attempt: task.attempt, outcome: .released, error: "the worker was stopped", in: connection)
    }

    /// The monitor: every IN_PROGRESS task whose lease expired goes back to the queue at once (the
    /// seed's `reject_on_worker_lost`), the lost attempt counted and logged; a task that has used
    /// its last attempt becomes FAILED instead, so a task that kills its worker cannot loop forever.
    public static func rescueExpiredLeases(kinds: [String], in connection: any SQLConnection) throws -> [RescuedTask] {
        let rows = try connection.query("""
            SELECT id, kind, payload, attempts, max_attempts, lease_owner FROM queue_tasks
            WHERE status = 'IN_PROGRESS' AND lease_expires_at < {now} AND kind IN (\(placeholders(kinds.count)))
            ORDER BY id {skip_locked}
            """, kinds.map { .text($0) })
        var rescued: [RescuedTask] = []
        for row in rows {
            let id = try row.int64("id")
            let attempt = try row.int("attempts")
            let lostWorker = row.optionalString("lease_owner") ?? "?"
            let permanent = attempt >= (try row.int("max_attempts"))
            let error = "worker \(lostWorker) stopped renewing its lease during attempt \(attempt)"
            let status: TaskStatus = permanent ? .failed : .scheduled
            try connection.execute("""
                UPDATE queue_tasks
                SET status = ?, not_before = {now}, last_error = ?, lease_owner = NULL, lease_expires_at = NULL,
                    updated_at = {now}, finished_at = \(permanent ? "{now}" : "NULL")
                WHERE id = ? AND status = 'IN_PROGRESS' AND attempts = ?
                """, [.text(status.rawValue), .text(error), .integer(id), .int(attempt)])
            try closeAttempt(id, attempt: attempt, outcome: .lost, error: error, in: connection)
            rescued.append(RescuedTask(id: id, kind: try row.string("kind"), payload: try row.string("payload"),
                                       attempt: attempt, lostWorker: lostWorker, newStatus: status, error: error))
        }
        return rescued
    }

    /// Puts a FAILED task back in the queue with a fresh set of attempts (the operations log keeps
    /// the old ones); false when the task is not FAILED.
    public static func retry(taskID: Int64, in connection: any SQLConnection) throws -> Bool {
        try connection.execute("""
            UPDATE queue_tasks
            SET status = 'PENDING', max_attempts = attempts + ?, not_before = {now}, last_error = NULL,
                finished_at = NULL, updated_at = {now}
            WHERE id = ? AND status = 'FAILED'
            """, [.int(defaultMaxRetries + 1), .integer(taskID)]) == 1
    }

    /// How many tasks of `kinds` (all kinds when nil) are in each status.
    public static func counts(kinds: [String]? = nil, in connection: any SQLConnection) throws -> [TaskStatus: Int] {
        let filter = kinds.map { " WHERE kind IN (\(placeholders($0.count)))" } ?? ""
        let rows = try connection.query("SELECT status, COUNT(*) AS n FROM queue_tasks\(filter) GROUP BY status",
                                        (kinds ?? []).map { .text($0) })
        var counts: [TaskStatus: Int] = [:]
        for row in rows {
            if let status = TaskStatus(rawValue: try row.string("status")) { counts[status] = try row.int("n") }
        }
        return counts
    }

    /// Tasks still to run or running for `kinds` and the given hosts filter (the `--until-idle` test).
    public static func unfinishedCount(kinds: [String], hosts: [String]?, in connection: any SQLConnection) throws -> Int {
        var arguments: [SQLValue] = kinds.map { .text($0) }
        var hostFilter = ""
        if let hosts {
            hostFilter = " AND (host IS NULL" + (hosts.isEmpty ? "" : " OR host IN (\(placeholders(hosts.count)))") + ")"
            arguments += hosts.map { .text($0) }
        }
        return try connection.scalar("""
            SELECT COUNT(*) FROM queue_tasks
            WHERE status IN ('PENDING', 'SCHEDULED', 'IN_PROGRESS') AND kind IN (\(placeholders(kinds.count)))\(hostFilter)
            """, arguments)?.integer.map(Int.init) ?? 0
    }

    static func closeAttempt(_ taskID: Int64, attempt: Int, outcome: AttemptOutcome, error: String?,
                                     in connection: any SQLConnection) throws {
        try connection.execute("""
            UPDATE queue_attempts SET finished_at = {now}, outcome = ?, error = ?
            WHERE task_id = ? AND attempt = ? AND outcome IS NULL
            """, [.text(outcome.rawValue), .optional(error), .integer(taskID), .int(attempt)])
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: max(count, 1)).joined(separator: ", ")
    }
}

/// Why a queue operation refused.
public enum WorkQueueError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The worker's lease on the task expired and was taken over; its result must not be recorded.
    case leaseLost(taskID: Int64, attempt: Int)

    public var description: String {
        switch self {
        case .leaseLost(let id, let attempt): return "lost the lease of task \(id) (attempt \(attempt)); another worker has it"
        }
    }
}
