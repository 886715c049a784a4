public import SQLDatabase

/// The packaging tables (the reference's model: sites, data locations, instruments and modules,
/// executed obs units, raw data files, raw data packages), in both databases.
public enum PackagingSchema {
    public static let migrations: [SchemaMigration] = [
        SchemaMigration(id: "packaging-1", statements: [
            "CREATE TABLE pkg_sites (id {id}, name TEXT NOT NULL UNIQUE, short_name TEXT NOT NULL)",
            """
            CREATE TABLE pkg_locations (
                id {id},
                site_id BIGINT NOT NULL REFERENCES pkg_sites (id),
                name TEXT NOT NULL UNIQUE,
                type TEXT NOT NULL,
                storage TEXT NOT NULL,
                host TEXT,
                path TEXT,
                bucket TEXT,
                prefix TEXT,
                endpoint TEXT,
                active BIGINT NOT NULL,
                priority BIGINT NOT NULL
            )
            """,
            "CREATE TABLE pkg_instruments (id {id}, name TEXT NOT NULL UNIQUE)",
            """
            CREATE TABLE pkg_modules (
                id {id},
                instrument_id BIGINT NOT NULL REFERENCES pkg_instruments (id),
                name TEXT NOT NULL UNIQUE
            )
            """,
            "CREATE TABLE pkg_obs_units (id {id}, name TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL)",
            """
            CREATE TABLE pkg_packages (
                id {id},
                name TEXT NOT NULL UNIQUE,
                site_id BIGINT NOT NULL REFERENCES pkg_sites (id),
                source_location_id BIGINT NOT NULL REFERENCES pkg_locations (id),
                obs_unit_id BIGINT NOT NULL REFERENCES pkg_obs_units (id),
                module_id BIGINT NOT NULL REFERENCES pkg_modules (id),
                status TEXT NOT NULL,
                state TEXT NOT NULL,
                size BIGINT,
                sha256 TEXT,
                buffer_location_id BIGINT REFERENCES pkg_locations (id),
                relative_path TEXT,
                retry_count BIGINT NOT NULL DEFAULT 0,
                error TEXT,
                task_id BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE pkg_raw_files (
                id TEXT PRIMARY KEY,
                location_id BIGINT NOT NULL REFERENCES pkg_locations (id),
                relative_path TEXT NOT NULL,
                size BIGINT,
                sha256 TEXT,
                obs_unit_id BIGINT NOT NULL REFERENCES pkg_obs_units (id),
                module_id BIGINT NOT NULL REFERENCES pkg_modules (id),
                package_id BIGINT REFERENCES pkg_packages (id),
                registered_at BIGINT NOT NULL,
                UNIQUE (location_id, relative_path)
            )
            """,
            "CREATE INDEX pkg_raw_files_unpackaged ON pkg_raw_files (location_id, package_id)",
            "CREATE INDEX pkg_raw_files_package ON pkg_raw_files (package_id)",
        ]),
    ]
}

/// A data location's role (the reference's DataLocation types).
public enum LocationType: String, Sendable, Codable, CaseIterable {
    case source = "SOURCE"
    case buffer = "BUFFER"
    case longTermArchive = "LONG_TERM_ARCHIVE"
    case processing = "PROCESSING"
}

/// Where a location keeps its bytes.
public enum StorageKind: String, Sendable, Codable, CaseIterable {
    case disk
    case s3
}

/// A package's status follows its task's (the seed's Celery states).
public enum PackageStatus: String, Sendable, Codable {
    case pending = "PENDING", scheduled = "SCHEDULED", inProgress = "IN_PROGRESS", completed = "COMPLETED", failed = "FAILED"
}

/// A package's transfer state (the reference's PackageState).
public enum PackageState: String, Sendable, Codable {
    case waiting = "WAITING", transferring = "TRANSFERRING", archived = "ARCHIVED", failed = "FAILED"
}
