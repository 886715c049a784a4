#if canImport(Glibc)
public import Glibc
#elseif canImport(Darwin)
public import Darwin
#endif

/// A file written under a unique temporary name in its destination's folder and made visible
/// only by ``commit()``: fsync the file, rename it over the destination, fsync the folder.
///
/// So a destination's name only ever denotes a complete file written by one writer: a crash
/// leaves at most a temporary (which ``StaleTemporaries`` removes later), and two writers of the
/// same destination never write into the same file. Not thread-safe: one writer owns it.
public final class DurableFile {
    /// Where the file appears on commit.
    public let destination: String
    /// Where it is written until then.
    public let temporaryPath: String
    /// The open temporary file, for callers that write at offsets (`pwrite`) themselves.
    public let descriptor: Int32
    private var finished = false

    /// Creates the temporary file (and the destination's folder when it is missing).
    public init(destination: String, permissions: mode_t = 0o644) throws(DurableFileError) {
        self.destination = destination
        let (folder, name) = Self.split(destination)
        try Self.createDirectories(folder)
        temporaryPath = folder + "/" + TemporaryName(for: name).fileName
        descriptor = open(temporaryPath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard descriptor >= 0 else {
            throw DurableFileError(path: temporaryPath, operation: "create", reason: SystemCall.lastError())
        }
    }

    deinit { discard() }

    /// Appends `bytes` at the file's position.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(DurableFileError) {
        if let code = SystemCall.writeAll(descriptor, bytes) {
            throw DurableFileError(path: temporaryPath, operation: "write", reason: String(cString: strerror(code)))
        }
    }

    /// Appends `bytes` at the file's position.
    public func write(_ bytes: [UInt8]) throws(DurableFileError) {
        if let code = bytes.withUnsafeBytes({ SystemCall.writeAll(descriptor, $0) }) {
            throw DurableFileError(path: temporaryPath, operation: "write", reason: String(cString: strerror(code)))
        }
    }

    /// Makes the file durable and visible under its destination name, replacing what was there.
    public func commit() throws(DurableFileError) {
        precondition(!finished, "a DurableFile commits once")
        finished = true
        guard fsync(descriptor) == 0 else {
            let reason = SystemCall.lastError()
            abandon()
            throw DurableFileError(path: temporaryPath, operation: "fsync", reason: reason)
        }
        _ = SystemCall.close(descriptor)
        guard SystemCall.rename(temporaryPath, destination) == 0 else {
            let reason = SystemCall.lastError()
            unlink(temporaryPath)
            throw DurableFileError(path: destination, operation: "rename", reason: reason)
        }
        SystemCall.syncDirectory(Self.split(destination).folder)
    }

    /// Closes and removes the temporary; the destination is untouched. Safe to call twice.
    public func discard() {
        guard !finished else { return }
        finished = true
        abandon()
    }

    private func abandon() {
        _ = SystemCall.close(descriptor)
        unlink(temporaryPath)
    }

    /// `(folder, name)` of a path; a bare name lives in ".".
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    /// Makes the entries of `directory` durable (a new file or a rename in it): fsync of the folder.
    public static func syncDirectory(_ directory: String) {
        SystemCall.syncDirectory(directory)
    }

    /// `mkdir -p`.
    public static func createDirectories(_ path: String) throws(DurableFileError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw DurableFileError(path: prefix, operation: "create directory", reason: SystemCall.lastError())
            }
        }
    }
}
