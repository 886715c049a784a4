import Foundation

/// Puts a file into place whole or not at all: a temporary name in the destination folder,
/// written, fsynced, then renamed over the destination. The one place the object stores write a
/// file (the local store's objects, S3 downloads); a shared durable-file writer will replace it.
public enum AtomicFileWrite {
    /// Creates `target` (and its folder) with what `fill` writes to the open descriptor it is given.
    public static func write(to target: String, _ fill: (_ fd: Int32) async throws -> Void) async throws {
        let folder = (target as NSString).deletingLastPathComponent
        let temporary = folder + "/.\((target as NSString).lastPathComponent).\(UUID().uuidString).tmp"
        try await BlockingIO.run {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("create", temporary) }
        var isOpen = true
        do {
            try await fill(fd)
            try await BlockingIO.run {
                guard fsync(fd) == 0 else { throw failure("fsync", temporary) }
            }
            close(fd)
            isOpen = false
            guard rename(temporary, target) == 0 else { throw failure("rename into place", target) }
        } catch {
            if isOpen { close(fd) }
            unlink(temporary)
            throw error
        }
    }

    private static func failure(_ operation: String, _ path: String) -> ObjectStoreError {
        ObjectStoreError(key: path, message: "\(path): \(operation) failed: \(String(cString: strerror(errno)))")
    }
}
