// A measured proposal, not the queue Ferry runs: set-based claim and completion for WorkQueue.
// `queue-bench run --sql proposed` uses these instead of WorkQueue.claim / WorkQueue.complete, so
// BENCHMARKS.md can say what the change would buy before anyone makes it in Sources/WorkQueue.
//
// WorkQueue.claim today runs 1 + 2 × n statements for n tasks (a SELECT, then an UPDATE and an
// INSERT into the operations log per task) and WorkQueue.complete 2 per task: about 4 round trips
// a task whatever the batch. These run 2 statements per batch each way, as River does: one UPDATE
// over the SELECT … FOR UPDATE SKIP LOCKED sub-query, one multi-row INSERT of the attempts; one
// UPDATE of the tasks and one of the attempts, fenced by (id, attempts) and lease_owner as
// `complete` is; and enqueueAll adds a batch of tasks in one INSERT. Same rows, same states, same
// operations log as the public API writes.
import SQLDatabase

enum ProposedBatchSQL {
    /// ClaimedTask's fields (its memberwise initializer is internal to WorkQueue; the proposal in
    /// WorkQueue itself would return ClaimedTask).
    struct Claimed: Sendable {
        let id: Int64
        let kind: String
        let payload: String
        let host: String?
        let attempt: Int
        let maxAttempts: Int
        let worker: String
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: max(count, 1)).joined(separator: ", ")
    }

    /// WorkQueue.enqueue for many tasks of `kind` in one statement (River's InsertMany): one round
    /// trip for the lot instead of one per task. Returns how many were added.
    @discardableResult
    static func enqueueAll(kind: String, payloads: [String], maxAttempts: Int = 4, in connection: any SQLConnection) throws -> Int {
        guard !payloads.isEmpty else { return 0 }
        let row = "(?, ?, NULL, 0, 'PENDING', NULL, 0, ?, {now}, {now}, {now})"
        return try connection.query("""
            INSERT INTO queue_tasks (kind, payload, unique_key, priority, status, host, attempts, max_attempts,
                                     not_before, created_at, updated_at)
            VALUES \(Array(repeating: row, count: payloads.count).joined(separator: ", "))
            ON CONFLICT (unique_key) DO NOTHING
            RETURNING id
            """, payloads.flatMap { [SQLValue.text(kind), .text($0), .int(maxAttempts)] }).count
    }

    /// WorkQueue.claim in two statements.
    static func claim(kinds: [String], worker: String, leaseMilliseconds: Int64, limit: Int,
                      in connection: any SQLConnection) throws -> [Claimed] {
        let rows = try connection.query("""
            UPDATE queue_tasks
            SET status = 'IN_PROGRESS', attempts = attempts + 1, lease_owner = ?,
                lease_expires_at = {now} + ?, updated_at = {now}
            WHERE id IN (
                SELECT id FROM queue_tasks
                WHERE status IN ('PENDING', 'SCHEDULED') AND not_before <= {now}
                  AND kind IN (\(placeholders(kinds.count)))
                ORDER BY priority DESC, id
                LIMIT ? {skip_locked})
            RETURNING id, kind, payload, host, attempts, max_attempts, priority
            """, [.text(worker), .integer(leaseMilliseconds)] + kinds.map { .text($0) } + [.int(limit)])
        guard !rows.isEmpty else { return [] }
        var claimed: [(priority: Int64, task: Claimed)] = []
        var attempts: [SQLValue] = []
        for row in rows {
            let task = Claimed(id: try row.int64("id"), kind: try row.string("kind"), payload: try row.string("payload"),
                                   host: row.optionalString("host"), attempt: try row.int("attempts"),
                                   maxAttempts: try row.int("max_attempts"), worker: worker)
            claimed.append((try row.int64("priority"), task))
            attempts += [.integer(task.id), .int(task.attempt), .text(worker)]
        }
        try connection.execute("""
            INSERT INTO queue_attempts (task_id, attempt, worker, started_at)
            VALUES \(Array(repeating: "(?, ?, ?, {now})", count: rows.count).joined(separator: ", "))
            """, attempts)
        return claimed.sorted { ($0.priority, -$0.task.id) > ($1.priority, -$1.task.id) }.map(\.task)
    }

    struct LeaseLost: Error { let taskIDs: [Int64] }

    /// WorkQueue.complete for every task of one worker's batch, in two statements; throws (and the
    /// caller's transaction must roll back) when the worker no longer holds some task's lease.
    static func completeAll(_ tasks: [Claimed], in connection: any SQLConnection) throws {
        guard let worker = tasks.first?.worker else { return }
        precondition(tasks.allSatisfy { $0.worker == worker }, "one worker's tasks at a time")
        let fence = Array(repeating: "(id = ? AND attempts = ?)", count: tasks.count).joined(separator: " OR ")
        let pairs = tasks.flatMap { [SQLValue.integer($0.id), .int($0.attempt)] }
        let done = try connection.query("""
            UPDATE queue_tasks
            SET status = 'COMPLETED', lease_owner = NULL, lease_expires_at = NULL, last_error = NULL,
                updated_at = {now}, finished_at = {now}
            WHERE lease_owner = ? AND status = 'IN_PROGRESS' AND (\(fence))
            RETURNING id
            """, [.text(worker)] + pairs)
        guard done.count == tasks.count else {
            let changed = Set(try done.map { try $0.int64("id") })
            throw LeaseLost(taskIDs: tasks.map(\.id).filter { !changed.contains($0) })
        }
        let attemptFence = Array(repeating: "(task_id = ? AND attempt = ?)", count: tasks.count).joined(separator: " OR ")
        try connection.execute("""
            UPDATE queue_attempts SET finished_at = {now}, outcome = 'COMPLETED', error = NULL
            WHERE outcome IS NULL AND (\(attemptFence))
            """, pairs)
    }
}
