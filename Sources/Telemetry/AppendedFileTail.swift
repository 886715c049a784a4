#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSVCodec

/// How far a reader of an append-only CSV file has got, so that the next read starts where the
/// last one stopped: the shared mechanics of ``LedgerFollower`` and ``RequestLogFollower``.
///
/// Bytes once read never change in an append-only file. A row without its line end yet is being
/// written (or was cut off by a crash): it is left for the next read. (``LedgerState``'s one-pass
/// loader takes a full-width last row without a line end, as a hand-made file may end; a follower
/// waits for the line end, because while a run appends, such a row is still arriving.) A file that shrinks, or is
/// replaced by another under the same path (a new inode), is read again from its start.
struct AppendedFileTail {
    /// Which file a path names.
    private struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    private var identity: Identity?
    private var nextOffset: Int64 = 0
    private var nextLine = 1
    /// The last bytes read (up to 64, ending at `nextOffset`): still there unless the file was
    /// rewritten in place (a copy over it keeps its inode), which a size check alone would miss.
    private var lastBytes: [UInt8] = []
    /// The header row's fields, once read.
    private(set) var header: [String]?
    /// Where the file ends in an unfinished row; nil when it ends cleanly.
    private(set) var unfinishedRow: TornRow?
    /// When the file last changed, in seconds since 1970 (0 when it does not exist).
    private(set) var modifiedAt = 0.0

    /// What ``advance(path:_:)`` found.
    enum Progress {
        /// The file is missing: a reader starts afresh.
        case missing
        /// The file is another one, or shorter, than the one read so far: nothing was read; the
        /// reader starts afresh and calls again, which reads the file from its start.
        case restarted
        /// Only rows appended since the last read were given to the body (perhaps none).
        case appended
    }

    /// Reads what was appended since the last call, giving each whole data row to `body` with the
    /// file's header row (kept in ``header``).
    mutating func advance(path: String, _ body: (_ header: [String], CSVRecord) throws -> Void) throws -> Progress {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT {
                self = AppendedFileTail()
                return .missing
            }
            throw TailError.io(operation: "stat", reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw TailError.notARegularFile }
        modifiedAt = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        let current = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        if identity != nil && (current != identity || Int64(info.st_size) < nextOffset
                                || Self.bytes(of: path, endingAt: nextOffset, count: lastBytes.count) != lastBytes) {
            let modified = modifiedAt
            self = AppendedFileTail()
            modifiedAt = modified
            return .restarted
        }
        identity = current
        guard Int64(info.st_size) > nextOffset else { return .appended }
        var unfinished: TornRow?
        var resume = nextOffset, resumeLine = nextLine
        try CSVReader(path: path).forEachRecord(startingAt: nextOffset, line: nextLine) { record in
            guard record.isTerminated else {
                unfinished = TornRow(line: record.line, byteOffset: record.offset)
                return
            }
            if let header { try body(header, record) } else { header = record.strings }
            resume = record.nextOffset
            resumeLine = record.line + 1 + record.rawBytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        nextOffset = resume
        nextLine = resumeLine
        unfinishedRow = unfinished
        lastBytes = Self.bytes(of: path, endingAt: nextOffset, count: min(64, Int(nextOffset))) ?? []
        return .appended
    }

    /// The `count` bytes of the file that end at `end`; nil when they cannot be read.
    private static func bytes(of path: String, endingAt end: Int64, count: Int) -> [UInt8]? {
        guard count > 0 else { return [] }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: count)
        let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(end) - off_t(count)) }
        return got == count ? buffer : nil
    }

    enum TailError: Error {
        case io(operation: String, reason: String)
        case notARegularFile
    }
}
