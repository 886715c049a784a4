#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a lock file, held until ``release()`` or until the
/// process dies: the kernel drops it with the last descriptor, so a killed holder never leaves
/// a lock behind. Lock files are never deleted (deleting one would let two holders lock two
/// different files of the same name).
public final class FileLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { _ = SystemCall.close(descriptor) }

    /// Takes the lock at `path` (creating the file and its folder) if no one holds it; nil when
    /// another holder (process, or another descriptor in this one) has it. Never blocks.
    public static func tryAcquire(_ path: String) throws(DurableFileError) -> FileLock? {
        try DurableFile.createDirectories(DurableFile.split(path).folder)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw DurableFileError(path: path, operation: "open lock", reason: SystemCall.lastError()) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let code = errno
            _ = SystemCall.close(fd)
            if code == EWOULDBLOCK { return nil }
            throw DurableFileError(path: path, operation: "lock", reason: String(cString: strerror(code)))
        }
        return FileLock(path: path, descriptor: fd)
    }

    /// Takes the lock, polling every `interval` while another holder has it (the waiting task
    /// sleeps; no thread is blocked).
    public static func acquire(_ path: String, pollInterval: Duration = .milliseconds(200)) async throws -> FileLock {
        while true {
            if let lock = try tryAcquire(path) { return lock }
            try await Task.sleep(for: pollInterval)
        }
    }

    /// Gives the lock up now (it is also given up when this object goes away).
    public func release() {
        _ = flock(descriptor, LOCK_UN)
    }
}
