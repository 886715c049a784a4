public import JSONValue
public import SQLDatabase
public import WorkQueue

/// `ferry package status`: every package with its files and checksums, stuck tasks and workers.
public struct PackagingStatus: Sendable, Encodable {
    /// One package; what is not known yet (size, checksum, where it went, error) is `null` in the JSON, never left out.
    public struct Package: Sendable, Encodable, Equatable {
        public let name: String
        public let site: String
        public let obsUnit: String
        public let module: String
        /// The task's status (live while a worker holds it).
        public let status: String
        public let state: String
        /// Members' paths relative to the source location.
        public let files: [String]
        @NullWhenAbsent public var size: Int64?
        @NullWhenAbsent public var sha256: String?
        /// The buffer location holding the tar.
        @NullWhenAbsent public var location: String?
        /// The tar's path relative to that location's root (a disk folder or a bucket prefix).
        @NullWhenAbsent public var path: String?
        public let attempts: Int
        @NullWhenAbsent public var error: String?

        enum CodingKeys: String, CodingKey {
            case name, site, obsUnit = "obs_unit", module, status, state, files, size, sha256, location, path, attempts, error
        }
    }

    /// A task whose lease expired without the monitor having taken it back yet.
    public struct ExpiredLease: Sendable, Encodable, Equatable {
        public let taskID: Int64
        @NullWhenAbsent public var package: String?
        @NullWhenAbsent public var worker: String?
        public let expiredMillisecondsAgo: Int64
        enum CodingKeys: String, CodingKey { case taskID = "task_id", package, worker, expiredMillisecondsAgo = "expired_ms_ago" }
    }

    public struct Worker: Sendable, Encodable, Equatable {
        public let id: String
        public let host: String
        public let pid: Int
        public let state: String
        public let heartbeatMillisecondsAgo: Int64
        enum CodingKeys: String, CodingKey { case id, host, pid, state, heartbeatMillisecondsAgo = "heartbeat_ms_ago" }
    }

    public let packages: [Package]
    public let counts: [String: Int]
    public let expiredLeases: [ExpiredLease]
    public let workers: [Worker]
    /// Files registered but in no package yet.
    public let unpackagedFiles: Int

    enum CodingKeys: String, CodingKey { case packages, counts, expiredLeases = "expired_leases", workers, unpackagedFiles = "unpackaged_files" }

    /// True when any package failed for good (exit 1).
    public var hasFailures: Bool { packages.contains { $0.status == "FAILED" } }

    /// Reads the status in one consistent snapshot.
    public static func read(from database: any SQLDatabase) async throws -> PackagingStatus {
        try await database.read { connection in
            let now = try connection.scalar("SELECT {now}")?.integer ?? 0
            var files: [Int64: [String]] = [:]
            for row in try connection.query("SELECT package_id, relative_path FROM pkg_raw_files WHERE package_id IS NOT NULL ORDER BY relative_path", []) {
                files[try row.int64("package_id"), default: []].append(try row.string("relative_path"))
            }
            let packages = try connection.query("""
                SELECT p.id, p.name, s.name AS site, o.name AS obs_unit, m.name AS module,
                       COALESCE(t.status, p.status) AS status, p.state, p.size, p.sha256, b.name AS location,
                       p.relative_path, COALESCE(t.attempts, p.retry_count) AS attempts, COALESCE(p.error, t.last_error) AS error,
                       p.buffer_location_id
                FROM pkg_packages p
                JOIN pkg_sites s ON s.id = p.site_id
                JOIN pkg_obs_units o ON o.id = p.obs_unit_id
                JOIN pkg_modules m ON m.id = p.module_id
                LEFT JOIN pkg_locations b ON b.id = p.buffer_location_id
                LEFT JOIN queue_tasks t ON t.id = p.task_id
                ORDER BY p.name
                """, []).map { row in
                let built = row.optionalInt64("buffer_location_id") != nil
                let status = try row.string("status")
                return Package(name: try row.string("name"), site: try row.string("site"), obsUnit: try row.string("obs_unit"),
                               module: try row.string("module"), status: status, state: try row.string("state"),
                               files: files[try row.int64("id")] ?? [], size: row.optionalInt64("size"), sha256: row.optionalString("sha256"),
                               location: row.optionalString("location"), path: built ? row.optionalString("relative_path") : nil,
                               attempts: try row.int("attempts"), error: status == "COMPLETED" ? nil : row.optionalString("error"))
            }
            var counts: [String: Int] = [:]
            for package in packages { counts[package.status, default: 0] += 1 }
            let expired = try connection.query("""
                SELECT t.id, t.lease_owner, t.lease_expires_at, p.name FROM queue_tasks t
                LEFT JOIN pkg_packages p ON p.task_id = t.id
                WHERE t.status = 'IN_PROGRESS' AND t.lease_expires_at < {now} ORDER BY t.id
                """, []).map {
                ExpiredLease(taskID: try $0.int64("id"), package: $0.optionalString("name"), worker: $0.optionalString("lease_owner"),
                             expiredMillisecondsAgo: now - (try $0.int64("lease_expires_at")))
            }
            let workers = try WorkerRegistry.workers(in: connection).map {
                Worker(id: $0.id, host: $0.host, pid: $0.pid, state: $0.stoppedAt != nil ? "stopped" : ($0.isLive ? "live" : "lost"),
                       heartbeatMillisecondsAgo: now - $0.heartbeatAt)
            }
            let unpackaged = try connection.scalar("SELECT COUNT(*) FROM pkg_raw_files WHERE package_id IS NULL")?.integer ?? 0
            return PackagingStatus(packages: packages, counts: counts, expiredLeases: expired, workers: workers,
                                   unpackagedFiles: Int(unpackaged))
        }
    }
}
