#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// write(2) by a name that `DaySpool.write(_:for:)` does not shadow (the C module is Glibc or Darwin).
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }

/// The folder inside the output directory where a day's window answers wait to be joined.
/// Its name is fixed per artifact and starts with "." so no reader mistakes it for data, and a
/// run killed mid-day leaves nothing that the next attempt does not clear away first.
struct DaySpool: Sendable {
    let directory: String

    /// Creates the spool for `artifactName` in `outputDirectory`, removing one left by an earlier run.
    init(outputDirectory: String, artifactName: String) throws {
        directory = outputDirectory + "/." + artifactName + ".spool"
        Self.remove(directory)
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
    func remove() { Self.remove(directory) }

    static func remove(_ directory: String) {
        guard let dir = opendir(directory) else { return }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { unlink(directory + "/" + name) }
        }
        closedir(dir)
        rmdir(directory)
    }

    static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < raw.count {
            let written = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw UDLDownloadError.io(path: path, reason: lastError())
            }
            offset += written
        }
    }

    static func lastError() -> String { String(cString: strerror(errno)) }
}
