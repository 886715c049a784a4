public import SQLDatabase

/// The staging tables. A file's status is its task's (the queue keeps it, so no file can stay
/// IN_PROGRESS once its worker is gone); these tables say which run asked for which file and
/// what a finished file became.
public enum StagingSchema {
    public static let migrations: [SchemaMigration] = [
        SchemaMigration(id: "staging-1", statements: [
            """
            CREATE TABLE stage_runs (
                id {id},
                station TEXT NOT NULL,
                station_url TEXT NOT NULL,
                collection TEXT NOT NULL,
                owner TEXT NOT NULL,
                window_start TEXT NOT NULL,
                window_stop TEXT NOT NULL,
                destination TEXT NOT NULL,
                catalog TEXT NOT NULL,
                found BIGINT NOT NULL,
                already_published BIGINT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE stage_run_files (
                run_id BIGINT NOT NULL REFERENCES stage_runs (id),
                name TEXT NOT NULL,
                list_index BIGINT NOT NULL,
                task_id BIGINT NOT NULL REFERENCES queue_tasks (id),
                PRIMARY KEY (run_id, name)
            )
            """,
            """
            CREATE TABLE stage_items (
                collection TEXT NOT NULL,
                name TEXT NOT NULL,
                href TEXT NOT NULL,
                size BIGINT NOT NULL,
                md5 TEXT NOT NULL,
                publication TEXT NOT NULL,
                task_id BIGINT NOT NULL,
                staged_at BIGINT NOT NULL,
                PRIMARY KEY (collection, name)
            )
            """,
        ]),
    ]
}
