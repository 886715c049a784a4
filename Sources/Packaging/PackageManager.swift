public import SQLDatabase
import WorkQueue

/// The seed's `create_raw_data_packages`: one pass over every site with active SOURCE locations.
public struct PackageManager: Sendable {
    public static let defaultMaxPackageBytes: Int64 = 50 * 1_000_000_000

    /// A package a pass created.
    public struct CreatedPackage: Sendable, Equatable, Codable {
        public let name: String
        public let files: Int
        public let bytes: Int64
    }

    /// What one pass did.
    public struct PassSummary: Sendable, Equatable {
        public var created: [CreatedPackage] = []
        /// Sites skipped for a configuration error (no active buffer), with the reason.
        public var siteErrors: [String] = []
    }

    public let database: any SQLDatabase
    public let maxPackageBytes: Int64

    public init(database: any SQLDatabase, maxPackageBytes: Int64 = defaultMaxPackageBytes) {
        self.database = database
        self.maxPackageBytes = maxPackageBytes
    }

    /// Groups every site's unpackaged files by (obs unit, module), splits them by size, and creates
    /// each package, assigns its files and queues its task in one transaction per source location
    /// (so no file is ever in two packages, and a crash leaves no package without its task). A site
    /// without an active buffer is reported and the other sites go on.
    public func runPass() async throws -> PassSummary {
        let sites = try await database.read { connection in
            try connection.query("""
                SELECT DISTINCT s.id, s.name, s.short_name FROM pkg_sites s
                JOIN pkg_locations l ON l.site_id = s.id
                WHERE l.type = 'SOURCE' AND l.active = 1 ORDER BY s.id
                """, []).map { (id: try $0.int64("id"), name: try $0.string("name"), shortName: try $0.string("short_name")) }
        }
        var summary = PassSummary()
        for site in sites {
            let buffers = try await database.read { try DataLocation.activeBuffers(ofSite: site.id, in: $0) }
            if buffers.isEmpty {
                summary.siteErrors.append("site \(site.name): no active BUFFER location; its files were not packaged")
                continue
            }
            let sources = try await database.read { connection in
                try connection.query("SELECT \(DataLocation.columns) FROM pkg_locations WHERE site_id = ? AND type = 'SOURCE' AND active = 1 ORDER BY id",
                                     [.integer(site.id)]).map(DataLocation.init)
            }
            for source in sources {
                // One location's failure (its transaction rolled back) is reported; the others go on.
                do {
                    summary.created += try await packageLocation(source, siteShortName: site.shortName)
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    summary.siteErrors.append("site \(site.name), location \(source.name): \(error); its files were not packaged")
                }
            }
        }
        return summary
    }

    private func packageLocation(_ source: DataLocation, siteShortName: String) async throws -> [CreatedPackage] {
        let maxBytes = maxPackageBytes
        return try await database.write { connection in
            try connection.lockForTransaction(named: "ferry.package-manager")
            let rows = try connection.query("""
                SELECT f.id, f.relative_path, f.size, f.obs_unit_id, f.module_id, o.name AS obs_unit, m.name AS module
                FROM pkg_raw_files f
                JOIN pkg_obs_units o ON o.id = f.obs_unit_id
                JOIN pkg_modules m ON m.id = f.module_id
                WHERE f.location_id = ? AND f.package_id IS NULL
                """, [.integer(source.id)])
            struct GroupKey: Hashable { let obsUnitID: Int64, moduleID: Int64, obsUnit: String, module: String }
            var groups: [GroupKey: [PackagePlanner.File]] = [:]
            for row in rows {
                let key = GroupKey(obsUnitID: try row.int64("obs_unit_id"), moduleID: try row.int64("module_id"),
                                   obsUnit: try row.string("obs_unit"), module: try row.string("module"))
                groups[key, default: []].append(PackagePlanner.File(id: try row.string("id"), path: try row.string("relative_path"),
                                                                    size: row.optionalInt64("size") ?? 0))
            }
            var created: [CreatedPackage] = []
            for key in groups.keys.sorted(by: { ($0.obsUnit, $0.module) < ($1.obsUnit, $1.module) }) {
                for files in PackagePlanner.split(groups[key]!, maxBytes: maxBytes) {
                    var sequence = (try connection.scalar("""
                        SELECT COUNT(*) FROM pkg_packages WHERE obs_unit_id = ? AND module_id = ?
                        """, [.integer(key.obsUnitID), .integer(key.moduleID)])?.integer ?? 0) + 1
                    var name = PackageName.make(site: siteShortName, obsUnit: key.obsUnit, module: key.module, sequence: Int(sequence))
                    // Names are unique by construction but for an obs unit literally named like
                    // another's safe form; the next free number settles that rare case.
                    while try connection.queryFirst("SELECT 1 AS taken FROM pkg_packages WHERE name = ?", [.text(name)]) != nil {
                        sequence += 1
                        name = PackageName.make(site: siteShortName, obsUnit: key.obsUnit, module: key.module, sequence: Int(sequence))
                    }
                    let packageID = try connection.query("""
                        INSERT INTO pkg_packages (name, site_id, source_location_id, obs_unit_id, module_id, status, state,
                                                  relative_path, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, 'PENDING', 'WAITING', ?, {now}, {now}) RETURNING id
                        """, [.text(name), .integer(source.siteID), .integer(source.id), .integer(key.obsUnitID),
                              .integer(key.moduleID), .text(PackageName.relativePath(site: siteShortName, name: name))])[0].int64("id")
                    for chunk in stride(from: 0, to: files.count, by: 500) {
                        let slice = files[chunk..<min(chunk + 500, files.count)]
                        let assigned = try connection.execute("""
                            UPDATE pkg_raw_files SET package_id = ? WHERE package_id IS NULL AND id IN (\(Array(repeating: "?", count: slice.count).joined(separator: ", ")))
                            """, [.integer(packageID)] + slice.map { .text($0.id) })
                        // The manager lock makes this impossible; if it ever happens, nothing is committed.
                        guard assigned == slice.count else {
                            throw PackagingError.configuration("files of \(name) were packaged by another manager at the same time; pass abandoned")
                        }
                    }
                    let taskID = try WorkQueue.enqueue(NewTask(kind: PackageBuildTask.kind, payload: PackageBuildTask(packageID: packageID).json(),
                                                               uniqueKey: "package:\(packageID)", host: source.host),
                                                       in: connection)
                    try connection.execute("UPDATE pkg_packages SET task_id = ? WHERE id = ?", [.optional(taskID), .integer(packageID)])
                    created.append(CreatedPackage(name: name, files: files.count, bytes: files.reduce(0) { $0 + $1.size }))
                }
            }
            return created
        }
    }
}

/// How packages are named and where they go in a buffer.
public enum PackageName {
    /// `<site>_<obs unit>_<module>_<nnnn>`, each part with anything but ASCII letters, digits, `.`
    /// and `-` replaced by `-` so the name is safe as a file name and an S3 key (and `_` stays the
    /// separator). A part that had to change gets a hash of its original spelling, so `ou_1` and
    /// `ou-1`, or `α1` and `β1`, never share a name.
    public static func make(site: String, obsUnit: String, module: String, sequence: Int) -> String {
        let number = String(sequence)
        return [site, obsUnit, module].map(distinctSafe).joined(separator: "_") + "_"
            + String(repeating: "0", count: max(0, 4 - number.count)) + number
    }

    static func distinctSafe(_ text: String) -> String {
        let replaced = safe(text)
        guard !replaced.utf8.elementsEqual(text.utf8) else { return text }
        // FNV-1a over the UTF-8 bytes: stable across runs and hosts, unlike Swift's Hasher.
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let hex = String(hash, radix: 16)
        return replaced + "-" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// `<site>/<name>.tar`, relative to the buffer's root or prefix.
    public static func relativePath(site: String, name: String) -> String {
        "\(safe(site))/\(name).tar"
    }

    /// The S3 key of `relativePath` under a bucket `prefix` (with or without its trailing slash).
    public static func key(prefix: String?, relativePath: String) -> String {
        guard let prefix, !prefix.isEmpty else { return relativePath }
        return prefix.hasSuffix("/") ? prefix + relativePath : prefix + "/" + relativePath
    }

    static func safe(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "-" })
    }
}
