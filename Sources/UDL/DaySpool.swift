#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DurableFiles
import NIOCore

/// The folder inside the output directory where a day's window answers wait to be joined.
/// Its name is unique to this run (a ``TemporaryName``), so two runs downloading the same day
/// never share or delete each other's spool; one left by a killed run is removed by the next run
/// that takes the day's lock (``StaleTemporaries``).
struct DaySpool: Sendable {
    let directory: String

    /// Creates a new spool for `artifactName` in `outputDirectory`.
    init(outputDirectory: String, artifactName: String) throws {
        directory = outputDirectory + "/" + TemporaryName(for: artifactName, kind: .spool).fileName
        guard mkdir(directory, 0o755) == 0 else { throw UDLDownloadError.io(path: directory, reason: Self.lastError()) }
    }

    /// Writes one window's answer; returns its path.
    func write(_ body: ByteBuffer, for window: UDLWindow) throws -> String {
        let path = "\(directory)/\(window.start)-\(window.end).json"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw UDLDownloadError.io(path: path, reason: Self.lastError()) }
        defer { close(fd) }
        try body.withUnsafeReadableBytes { raw in
            try Self.writeAll(fd, raw, path: path)
        }
        return path
    }

    /// Removes the spool and everything in it.
    func remove() { StaleTemporaries.removeTree(directory) }

    static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer, path: String) throws {
        if let code = Descriptor.writeAll(fd, raw) { throw UDLDownloadError.io(path: path, reason: Descriptor.reason(code)) }
    }

    static func lastError() -> String { String(cString: strerror(errno)) }
}
