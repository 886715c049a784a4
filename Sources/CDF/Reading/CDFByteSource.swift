#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random-access bytes of a CDF: a file read with `pread`, or a decompressed image in memory.
protocol CDFByteSource: Sendable {
    /// Total length in bytes.
    var size: Int64 { get }
    /// Exactly `count` bytes at `offset`; the caller has checked the range against `size`.
    func read(at offset: Int64, count: Int) throws -> [UInt8]
    /// Exactly `destination.count` bytes at `offset`, into `destination` (no intermediate copy).
    func read(at offset: Int64, into destination: UnsafeMutableRawBufferPointer) throws
}

/// A file opened read-only; `pread` keeps concurrent reads independent of one another.
final class CDFFileSource: CDFByteSource {
    let path: String
    let size: Int64
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CDFError(path: path, "cannot open: \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw CDFError(path: path, "cannot stat: \(message)")
        }
        size = Int64(info.st_size)
    }

    deinit { close(fd) }

    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            try read(at: offset, into: UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    func read(at offset: Int64, into destination: UnsafeMutableRawBufferPointer) throws {
        let count = destination.count
        guard count > 0, let base = destination.baseAddress else { return }
        var done = 0
        while done < count {
            let n = pread(fd, base + done, count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw CDFError(path: path, "read failed at offset \(offset + Int64(done)): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            done += n
        }
        guard done == count else {
            throw CDFError(path: path, "offset \(offset): file ends after \(done) of \(count) bytes")
        }
    }
}

/// Bytes held in memory (the inflated image of a whole-file-compressed CDF).
struct CDFMemorySource: CDFByteSource {
    let bytes: [UInt8]
    var size: Int64 { Int64(bytes.count) }

    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size - Int64(count) else {
            throw CDFError(path: "<memory>", "offset \(offset): \(count) bytes run past the end (\(size) bytes)")
        }
        return Array(bytes[Int(offset)..<Int(offset) + count])
    }

    func read(at offset: Int64, into destination: UnsafeMutableRawBufferPointer) throws {
        guard offset >= 0, offset <= size - Int64(destination.count) else {
            throw CDFError(path: "<memory>", "offset \(offset): \(destination.count) bytes run past the end (\(size) bytes)")
        }
        bytes.withUnsafeBytes { all in
            destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[Int(offset)..<Int(offset) + destination.count]))
        }
    }
}
