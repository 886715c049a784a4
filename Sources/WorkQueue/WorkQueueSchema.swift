public import SQLDatabase

/// The work queue's tables, in both databases.
///
/// `queue_tasks` holds one row per task and its current attempt (the lease); `queue_attempts`
/// keeps every attempt ever made (the operations log); `queue_workers` the workers' heartbeats.
public enum WorkQueueSchema {
    public static let migrations: [SchemaMigration] = [
        SchemaMigration(id: "queue-1", statements: [
            """
            CREATE TABLE queue_tasks (
                id {id},
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                unique_key TEXT UNIQUE,
                priority BIGINT NOT NULL DEFAULT 0,
                status TEXT NOT NULL,
                host TEXT,
                attempts BIGINT NOT NULL DEFAULT 0,
                max_attempts BIGINT NOT NULL,
                lease_owner TEXT,
                lease_expires_at BIGINT,
                not_before BIGINT NOT NULL,
                last_error TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                finished_at BIGINT
            )
            """,
            "CREATE INDEX queue_tasks_ready ON queue_tasks (status, kind, not_before, priority)",
            "CREATE INDEX queue_tasks_lease ON queue_tasks (status, lease_expires_at)",
            """
            CREATE TABLE queue_attempts (
                id {id},
                task_id BIGINT NOT NULL REFERENCES queue_tasks (id),
                attempt BIGINT NOT NULL,
                worker TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                finished_at BIGINT,
                outcome TEXT,
                error TEXT
            )
            """,
            // Not unique by (task, attempt): an attempt handed back by a stopping worker (RELEASED)
            // is run again under the same number.
            "CREATE INDEX queue_attempts_task ON queue_attempts (task_id, attempt)",
            """
            CREATE TABLE queue_workers (
                id TEXT PRIMARY KEY,
                host TEXT NOT NULL,
                pid BIGINT NOT NULL,
                kinds TEXT NOT NULL,
                concurrency BIGINT NOT NULL,
                heartbeat_interval_ms BIGINT NOT NULL,
                started_at BIGINT NOT NULL,
                heartbeat_at BIGINT NOT NULL,
                stopped_at BIGINT
            )
            """,
        ]),
    ]
}
