#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the archive to an open file descriptor (a file, a pipe), which the caller owns and closes.
public struct FileDescriptorSink: TarArchiveSink {
    /// The descriptor written to.
    public let fileDescriptor: Int32

    /// Writes to `fileDescriptor` at its current position.
    public init(fileDescriptor: Int32) { self.fileDescriptor = fileDescriptor }

    /// Writes all of `bytes`, resuming after interrupted and short writes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = systemWrite(fileDescriptor, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw TarArchiveError.writeFailed(errno: errno)
            }
            next += written
            remaining -= written
        }
    }
}

/// write(2), under a name the sink's own `write` does not shadow.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #else
    Darwin.write(descriptor, bytes, count)
    #endif
}
