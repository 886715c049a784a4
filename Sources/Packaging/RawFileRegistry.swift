import Foundation
public import SQLDatabase

/// What `register` did.
public struct RegistrationSummary: Sendable, Equatable, Codable {
    public var registered = 0
    public var alreadyRegistered = 0
    /// Scanned files that the layout does not describe.
    public var skipped: [String] = []
}

/// Records raw files of a location: from a manifest or a scan of its folder.
public enum RawFileRegistry {
    /// Checks every entry against the location's root (for a disk location this host can read:
    /// a path that resolves outside the root through a symlink is refused), then records them all
    /// in one transaction, or none when any is refused. Registering a file again changes nothing.
    public static func register(_ entries: [RawFileEntry], location locationName: String,
                                database: any SQLDatabase, thisHost: String) async throws -> RegistrationSummary {
        let location = try await database.read { try DataLocation.named(locationName, in: $0) }
        var entries = entries
        if location.storage == .disk, location.isOnHost(thisHost), let root = location.path {
            entries = try checkedAgainstDisk(entries, root: root)
        }
        let checked = entries
        return try await database.write { connection in
            var summary = RegistrationSummary()
            var modules: [ExactName: Int64] = [:]
            for row in try connection.query("SELECT id, name FROM pkg_modules", []) { modules[ExactName(try row.string("name"))] = try row.int64("id") }
            let unknown = checked.filter { modules[ExactName($0.module)] == nil }
            if !unknown.isEmpty {
                throw PackagingError.invalidInput(unknown.prefix(20).map { "\($0.origin): unknown instrument module \($0.module) (declare it under instruments in sites.yaml)" })
            }
            var obsUnits: [ExactName: Int64] = [:]
            for name in checked.map(\.obsUnit) where obsUnits[ExactName(name)] == nil {
                try connection.execute("INSERT INTO pkg_obs_units (name, created_at) VALUES (?, {now}) ON CONFLICT (name) DO NOTHING", [.text(name)])
                obsUnits[ExactName(name)] = try connection.scalar("SELECT id FROM pkg_obs_units WHERE name = ?", [.text(name)])?.integer
            }
            for entry in checked {
                let inserted = try connection.execute("""
                    INSERT INTO pkg_raw_files (id, location_id, relative_path, size, sha256, obs_unit_id, module_id, registered_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, {now})
                    ON CONFLICT (location_id, relative_path) DO NOTHING
                    """, [.text(UUID().uuidString.lowercased()), .integer(location.id), .text(entry.path), .optional(entry.size),
                          .optional(entry.sha256?.lowercased()), .optional(obsUnits[ExactName(entry.obsUnit)]), .optional(modules[ExactName(entry.module)])])
                if inserted == 1 { summary.registered += 1 } else { summary.alreadyRegistered += 1 }
            }
            return summary
        }
    }

    /// Every file under the disk location's root that `layout` describes (sorted by path); the
    /// others are listed in `skipped`.
    public static func scan(location locationName: String, layout: ScanLayout, database: any SQLDatabase) async throws -> (entries: [RawFileEntry], skipped: [String]) {
        let location = try await database.read { try DataLocation.named(locationName, in: $0) }
        guard location.storage == .disk, let root = location.path else {
            throw PackagingError.configuration("location \(locationName) is not on disk; --scan reads a folder")
        }
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw PackagingError.configuration("cannot read the folder \(root) of location \(locationName)")
        }
        var entries: [RawFileEntry] = []
        var skipped: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let type = enumerator.fileAttributes?[.type] as? FileAttributeType
            guard type == .typeRegular || type == .typeSymbolicLink else { continue }
            if type == .typeSymbolicLink, isDirectory(root + "/" + relative) { continue }
            if let (obsUnit, module) = layout.match(relative) {
                entries.append(RawFileEntry(path: relative, obsUnit: obsUnit, module: module))
            } else {
                skipped.append(relative)
            }
        }
        return (entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }, skipped.sorted())
    }

    private static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// Refuses entries whose file resolves outside `root`; fills in sizes of files that exist.
    static func checkedAgainstDisk(_ entries: [RawFileEntry], root: String) throws -> [RawFileEntry] {
        guard let realRoot = realPath(root) else {
            throw PackagingError.configuration("the location's folder \(root) does not exist")
        }
        var problems: [String] = []
        var checked: [RawFileEntry] = []
        for var entry in entries {
            let full = root + "/" + entry.path
            var info = stat()
            if lstat(full, &info) != 0 {
                checked.append(entry)  // not there yet: packing will say so, naming the path
                continue
            }
            guard let resolved = realPath(full) else {
                problems.append("\(entry.origin): \(entry.path) is a dangling symlink")
                continue
            }
            // Bytes, not characters: String's hasPrefix compares canonically equivalent forms as equal.
            if !resolved.utf8.starts(with: (realRoot + "/").utf8) {
                problems.append("\(entry.origin): \(entry.path) resolves to \(resolved), outside the location's root \(realRoot)")
                continue
            }
            if stat(full, &info) == 0 {
                guard (info.st_mode & S_IFMT) == S_IFREG else {
                    problems.append("\(entry.origin): \(entry.path) is not a regular file (only files are packaged; register the files in a folder one by one, or with --scan)")
                    continue
                }
                if let declared = entry.size, declared != Int64(info.st_size) {
                    problems.append("\(entry.origin): \(entry.path): size \(declared) given, the file has \(info.st_size) bytes")
                    continue
                }
                entry.size = Int64(info.st_size)
            }
            checked.append(entry)
        }
        if !problems.isEmpty { throw PackagingError.invalidInput(problems) }
        return checked
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
