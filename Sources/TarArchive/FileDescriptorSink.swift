#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Writes the archive to an open file descriptor (a file, a pipe), which the caller owns and closes;
/// to a regular file optionally past the page cache.
///
/// With `bypassingPageCache` (Linux `O_DIRECT`, where the filesystem and each chunk's alignment
/// allow), the bytes go from the writer's buffer straight to the disk. A package is written once and
/// not read back soon: copying gigabytes into the page cache costs the kernel a copy per byte plus
/// a fresh page for each 4 KiB (the most expensive part of packing on a virtual machine whose
/// memory is backed lazily), and leaves gigabytes of dirty pages for the final fsync. The caller
/// still fsyncs the file: a direct write may sit in the disk's own cache, a buffered tail in the
/// page cache.
public final class FileDescriptorSink: TarArchiveSink, Sendable {
    /// Direct I/O needs the buffer's address, the file offset and the length to be multiples of the
    /// device's block size; 4096 covers every block size Linux disks use in practice.
    public static let alignment = 4096

    /// The descriptor written to.
    public let fileDescriptor: Int32
    private struct State {
        var offset = 0
        var direct = false
    }
    private let state: Mutex<State>

    /// Writes to `fileDescriptor` at its current position; with `bypassingPageCache`, a regular file's
    /// descriptor (at offset 0 or another multiple of `alignment`) gets `O_DIRECT` where the system allows it.
    public init(fileDescriptor: Int32, bypassingPageCache: Bool = false) {
        self.fileDescriptor = fileDescriptor
        var direct = false
        var offset = 0
        var status = stat()
        if bypassingPageCache, fstat(fileDescriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
            // Not on a pipe: O_DIRECT there means packet mode.
            offset = Int(lseek(fileDescriptor, 0, SEEK_CUR))
            direct = offset >= 0 && Self.setDirect(fileDescriptor, true)
        }
        state = Mutex(State(offset: max(offset, 0), direct: direct))
    }

    /// Whether the next aligned chunk will go past the page cache (false once a filesystem refused).
    public var isDirect: Bool { state.withLock { $0.direct } }

    /// Writes all of `bytes`, resuming after interrupted and short writes: when past the cache, its
    /// aligned front directly and the rest (a short last chunk) through the cache.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        try state.withLock { state in
            var done = 0
            if state.direct {
                let aligned = Int(bitPattern: base) % Self.alignment == 0 && state.offset % Self.alignment == 0
                let length = aligned ? bytes.count - bytes.count % Self.alignment : 0
                if length > 0 {
                    let result = Self.writeAll(fileDescriptor, base, length)
                    done = result.written
                    state.offset += result.written
                    if let code = result.error {
                        // EINVAL: the filesystem takes no direct writes after all (or wants a larger
                        // alignment); the rest goes through the cache.
                        guard code == EINVAL else { throw TarArchiveError.writeFailed(errno: code) }
                    }
                }
                // Once a piece goes through the cache (the archive's short last chunk, or a refusal),
                // so does everything after it: later offsets are no longer aligned.
                if done < bytes.count {
                    state.direct = false
                    _ = Self.setDirect(fileDescriptor, false)
                }
            }
            if done < bytes.count {
                let result = Self.writeAll(fileDescriptor, base + done, bytes.count - done)
                state.offset += result.written
                if let code = result.error { throw TarArchiveError.writeFailed(errno: code) }
            }
        }
    }

    /// Turns `O_DIRECT` on or off; false where the system has no such flag or the filesystem refuses it.
    private static func setDirect(_ descriptor: Int32, _ on: Bool) -> Bool {
        #if os(Linux)
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0 else { return false }
        let wanted = on ? flags | directFlag : flags & ~directFlag
        return fcntl(descriptor, F_SETFL, wanted) == 0 && on
        #else
        return false
        #endif
    }

    /// write(2) until every byte is taken or one fails, resuming after interruptions and short writes.
    private static func writeAll(_ descriptor: Int32, _ start: UnsafeRawPointer, _ count: Int) -> (written: Int, error: Int32?) {
        var written = 0
        while written < count {
            #if canImport(Glibc)
            let result = Glibc.write(descriptor, start + written, count - written)
            #else
            let result = Darwin.write(descriptor, start + written, count - written)
            #endif
            if result < 0 {
                if errno == EINTR { continue }
                return (written, errno)
            }
            written += result
        }
        return (written, nil)
    }
}

#if os(Linux)
/// Glibc defines O_DIRECT only under _GNU_SOURCE, which Swift's Glibc module does not set; the
/// values are the kernel's (asm/fcntl.h), which differ between architectures.
#if arch(arm64) || arch(arm)
private let directFlag: Int32 = 0o200000
#else
private let directFlag: Int32 = 0o40000
#endif
#endif
