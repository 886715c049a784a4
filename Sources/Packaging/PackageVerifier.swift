import Foundation
import NIOCore
import FerryErrors
import ObjectStore
import ObjectStoreS3
public import SQLDatabase
import TarArchive
import WorkQueue

/// `ferry package verify` and `ferry package retry`.
public enum PackageMaintenance {
    /// What a verification found: empty `problems` means the tar matches the database.
    public struct Verification: Sendable, Encodable {
        public let package: String
        public let path: String
        public let members: Int
        public let problems: [String]
    }

    /// Re-reads the package's tar from its buffer and checks the archive's sha256 and size, and
    /// every member's path, size and sha256, against the database.
    public static func verify(packageName: String, database: any SQLDatabase) async throws -> Verification {
        let (row, files) = try await database.read { connection -> (SQLRow, [SQLRow]) in
            guard let row = try connection.queryFirst("""
                SELECT id, status, size, sha256, relative_path, buffer_location_id FROM pkg_packages WHERE name = ?
                """, [.text(packageName)]) else {
                throw PackagingError.notFound("no package named \(packageName)")
            }
            let files = try connection.query("SELECT relative_path, size, sha256 FROM pkg_raw_files WHERE package_id = ? ORDER BY relative_path",
                                             [row["id"]])
            return (row, files)
        }
        // A package without its tar is a failed check (exit 1), not bad input: it names a real package.
        guard let bufferID = row.optionalInt64("buffer_location_id") else {
            return Verification(package: packageName, path: "", members: 0,
                                problems: ["the package is \(row.optionalString("status") ?? "?"), not built yet: there is no tar to check"])
        }
        let buffer = try await database.read { try DataLocation.withID(bufferID, in: $0) }
        let relativePath = try row.string("relative_path")
        let path: String
        let listing: TarArchiveListing
        switch buffer.storage {
        case .disk:
            path = (buffer.path ?? "") + "/" + relativePath
            // Either the listing or why the tar could not be opened (errno read on the thread that opened it).
            let read: (listing: TarArchiveListing?, openError: String?) = try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(with: Result {
                        let fd = open(path, O_RDONLY | O_CLOEXEC)
                        guard fd >= 0 else { return (nil, String(cString: strerror(errno))) }
                        defer { close(fd) }
                        return (try TarArchiveReader.read(fileDescriptor: fd), nil)
                    })
                }
            }
            guard let opened = read.listing else {
                return Verification(package: packageName, path: path, members: 0, problems: ["cannot open the tar: \(read.openError ?? "?")"])
            }
            listing = opened
        case .s3:
            let bucket = buffer.bucket ?? ""
            let key = PackageName.key(prefix: buffer.prefix, relativePath: relativePath)
            path = "s3://\(bucket)/\(key)"
            let read: TarArchiveListing?
            do {
                let store = S3ObjectStore(configuration: try S3Configuration.fromEnvironment(bucket: bucket, endpoint: buffer.endpoint))
                read = try await store.get(key: key) { bytes in
                    let reader = TarArchiveReader()
                    for try await buffer in bytes {
                        try buffer.withUnsafeReadableBytes { try reader.consume($0) }
                    }
                    return try reader.finish()
                }
            } catch let error as ObjectStoreError where error.code == .configuration || error.code == .authentication {
                throw PackagingError.configuration("\(path): \(error)")
            }
            guard let read else {
                return Verification(package: packageName, path: path, members: 0, problems: ["the tar is not in the buffer"])
            }
            listing = read
        }
        var problems: [String] = []
        if listing.sha256 != row.optionalString("sha256") { problems.append("archive sha256 is \(listing.sha256), the database says \(row.optionalString("sha256") ?? "nothing")") }
        if Int64(listing.size) != row.optionalInt64("size") { problems.append("archive size is \(listing.size), the database says \(row.optionalInt64("size").map(String.init) ?? "nothing")") }
        var expected: [ExactName: (path: String, row: SQLRow)] = [:]
        for file in files {
            let path = try file.string("relative_path")
            expected[ExactName(path)] = (path, file)
        }
        for entry in listing.entries {
            guard let file = expected.removeValue(forKey: ExactName(entry.path))?.row else {
                problems.append("member \(entry.path) is not a file of the package")
                continue
            }
            if Int64(entry.size) != file.optionalInt64("size") { problems.append("member \(entry.path): size \(entry.size), expected \(file.optionalInt64("size").map(String.init) ?? "?")") }
            if entry.sha256 != file.optionalString("sha256") { problems.append("member \(entry.path): sha256 \(entry.sha256), expected \(file.optionalString("sha256") ?? "?")") }
        }
        for missing in expected.values.map(\.path).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) { problems.append("member \(missing) is missing from the tar") }
        return Verification(package: packageName, path: path, members: listing.entries.count, problems: problems)
    }

    /// Re-queues a FAILED package with a fresh set of attempts.
    public static func retry(packageName: String, database: any SQLDatabase) async throws {
        try await database.write { connection in
            guard let row = try connection.queryFirst("SELECT id, task_id, status FROM pkg_packages WHERE name = ?", [.text(packageName)]) else {
                throw PackagingError.notFound("no package named \(packageName)")
            }
            guard let taskID = row.optionalInt64("task_id"), try WorkQueue.retry(taskID: taskID, in: connection) else {
                throw PackagingError.configuration("package \(packageName) is \(row.optionalString("status") ?? "?"), not FAILED; only a failed package can be retried")
            }
            try connection.execute("UPDATE pkg_packages SET status = 'PENDING', state = 'WAITING', error = NULL, updated_at = {now} WHERE id = ?", [row["id"]])
        }
    }
}
