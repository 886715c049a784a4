#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DurableFiles

/// One append to a CSV file that several processes write: open for appending (created if missing),
/// take the advisory lock (`flock`), let the caller compose the bytes from what the file holds now,
/// write them in one `write`, fsync if asked, unlock.
///
/// The lock serialises Ferry processes; one `write` on an `O_APPEND` descriptor means even a writer
/// that ignores the lock cannot split a row.
struct LockedAppend {
    let path: String

    /// Appends what `compose` returns for the file's current size (0 for a new file); true when the
    /// file was new (empty) before.
    @discardableResult
    func append(durably: Bool, _ compose: (_ size: Int64) throws(LedgerError) -> [UInt8]) throws(LedgerError) -> Bool {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError("open") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw ioError("lock") }
        }
        defer { flock(fd, LOCK_UN) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError("stat") }
        let bytes = try compose(Int64(info.st_size))
        if let code = bytes.withUnsafeBytes({ Descriptor.writeAll(fd, $0) }) {
            throw .io(path: path, operation: "write", reason: Descriptor.reason(code))
        }
        if durably { guard fsync(fd) == 0 else { throw ioError("fsync") } }
        return info.st_size == 0
    }

    /// Whether the file's last byte (of `size`) is a line feed.
    func endsWithLineFeed(size: Int64) throws(LedgerError) -> Bool {
        try lastByte(size: size) == UInt8(ascii: "\n")
    }

    /// The file's last byte, read from a descriptor of its own.
    func lastByte(size: Int64) throws(LedgerError) -> UInt8 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError("open") }
        defer { close(fd) }
        var last: UInt8 = 0
        guard pread(fd, &last, 1, off_t(size - 1)) == 1 else { throw ioError("read") }
        return last
    }

    private func ioError(_ operation: String) -> LedgerError {
        .io(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}
