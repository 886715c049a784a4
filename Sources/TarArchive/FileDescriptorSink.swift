#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Writes the archive to an open file descriptor (a file, a pipe), which the caller owns and closes.
public struct FileDescriptorSink: TarArchiveSink {
    /// The descriptor written to.
    public let fileDescriptor: Int32
    /// Bytes after which the kernel is asked to start writing what came before to disk; nil never.
    public let writebackInterval: Int?
    private let progress = Progress()

    /// Writes to `fileDescriptor` at its current position.
    ///
    /// With `writebackInterval` (Linux), the kernel starts writing each interval's bytes to disk as
    /// soon as they are handed over, instead of holding gigabytes of dirty pages until the caller's
    /// fsync: the disk then writes while the next files are read, and the final fsync is short.
    public init(fileDescriptor: Int32, writebackInterval: Int? = nil) {
        self.fileDescriptor = fileDescriptor
        self.writebackInterval = writebackInterval
    }

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
        if let writebackInterval { progress.wrote(bytes.count, interval: writebackInterval, fileDescriptor: fileDescriptor) }
    }

    /// How far the sink has written and asked the kernel to flush; one writer thread at a time.
    private final class Progress: Sendable {
        private let state = Mutex<(written: Int, flushed: Int)>((0, 0))

        func wrote(_ count: Int, interval: Int, fileDescriptor: Int32) {
            let range: (Int, Int)? = state.withLock { state in
                state.written += count
                guard state.written - state.flushed >= interval else { return nil }
                defer { state.flushed = state.written }
                return (state.flushed, state.written - state.flushed)
            }
            #if os(Linux)
            // On dirty pages, Linux's DONTNEED starts their write-out and returns without waiting
            // (sync_file_range would say so more plainly, but Glibc's module does not export it);
            // pages already written go from the cache, which the archive will not be read from.
            // Errors surface at the caller's fsync.
            if let (offset, length) = range {
                _ = posix_fadvise(fileDescriptor, off_t(offset), off_t(length), POSIX_FADV_DONTNEED)
            }
            #endif
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
